package io.numfuse.bench;

/** The little JSON the CLI writes: string quoting and number spelling. */
final class Json {
    private Json() {}

    static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                default -> { if (c < 0x20) sb.append(String.format("\\u%04x", (int) c)); else sb.append(c); }
            }
        }
        return sb.append('"').toString();
    }

    /** A finite double as JSON; NaN and infinities (which JSON lacks) as null. */
    static String number(double d) { return Double.isFinite(d) ? Double.toString(d) : "null"; }
}
