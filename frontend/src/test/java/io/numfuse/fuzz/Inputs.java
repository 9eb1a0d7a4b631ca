package io.numfuse.fuzz;

/** How a fuzz input is shown in a failure message: short, one line, every odd char escaped. */
public final class Inputs {
    private Inputs() {}

    /** Longer inputs are shown as their start and end and their length. */
    static final int SHOWN = 300;

    /** {@code s} in Java string syntax, cut in the middle when longer than {@link #SHOWN}. */
    public static String show(String s) {
        String shown = s.length() <= SHOWN ? s
                : s.substring(0, SHOWN / 2) + "<..." + (s.length() - SHOWN) + " more chars...>" + s.substring(s.length() - SHOWN / 2);
        StringBuilder out = new StringBuilder("\"");
        for (char c : shown.toCharArray()) {
            if (c == '"' || c == '\\') out.append('\\').append(c);
            else if (c >= 0x20 && c < 0x7f) out.append(c);
            else out.append(String.format("\\u%04x", (int) c));
        }
        return out.append('"').toString();
    }

    /** {@code bytes} as hex, cut like {@link #show}. */
    public static String show(byte[] bytes) {
        StringBuilder out = new StringBuilder(bytes.length + " bytes: ");
        for (int i = 0; i < bytes.length; i++) {
            if (i == SHOWN / 2 && bytes.length > SHOWN) {
                out.append("... ");
                i = bytes.length - SHOWN / 2;
            }
            out.append(String.format("%02x", bytes[i] & 0xff));
        }
        return out.toString();
    }
}
