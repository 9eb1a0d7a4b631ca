package io.numfuse.runtime;
public class PeekPlacement {
    public static String last() { Placement p = Placement.last(); return p == null ? "none" : p.describe(); }
}
