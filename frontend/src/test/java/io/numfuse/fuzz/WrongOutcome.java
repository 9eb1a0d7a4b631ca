package io.numfuse.fuzz;

/**
 * A fuzz input that ended without a crash but wrongly: a wrong value, a disagreement between two
 * ways that must agree, user text in generated code ({@link #wrong}), or data the operation
 * should have left alone changed ({@link #dataLost}). Kept apart from the other failures
 * (undocumented exceptions, errors, hangs) so that the tally counts each kind.
 */
public final class WrongOutcome extends AssertionError {
    private final boolean dataLost;

    private WrongOutcome(String message, boolean dataLost) {
        super(message);
        this.dataLost = dataLost;
    }

    public static WrongOutcome wrong(String message) { return new WrongOutcome("wrong: " + message, false); }

    public static WrongOutcome dataLost(String message) { return new WrongOutcome("data lost: " + message, true); }

    public boolean isDataLost() { return dataLost; }
}
