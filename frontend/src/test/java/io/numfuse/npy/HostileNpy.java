package io.numfuse.npy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Random .npy files built to be hard on the reader, one per call, from a seed: header dicts with
 * huge, negative, overflowing or thousands-long shapes, odd or over-long dtype strings (control
 * characters, line separators, 10^5 chars), deeply nested literals, missing, extra and
 * duplicate keys, padding that is wrong or a megabyte long, length fields that lie (up to
 * claiming 4 GiB), and data that is exact, short, long or absent. About a third are plausible
 * enough to be read as arrays.
 */
final class HostileNpy {
    private HostileNpy() {}

    private static final List<String> DESCRS = List.of(
            "<f8", ">f8", "<f4", ">f4", "<i4", ">i4", "<i8", ">i8", "|b1", "?", "=f8", "|i4", "<u4", "<f2", "|O", "O", "<U5",
            "<M8[ns]", "", "<", "f8", "<<f8", "<f8 ", "<f\u0000", "<f8\u001b[2J", "<f8\u0085", "<f8\u2028", "<f8\u00ff",
            "\u202e8f<", "\t<f8");

    private static final List<String> DIMS = List.of(
            "0", "1", "2", "3", "7", "-0", "-1", "- 3", "2147483647", "2147483648", "4294967296", "1099511627776",
            "9223372036854775807", "9223372036854775808", "18446744073709551616", "1" + "0".repeat(30),
            "1" + "0".repeat(1000), "1" + "0".repeat(4299), "1" + "0".repeat(100_000), "65536", "46341", "46340", "02", "0x10", "2.0", "2L", "True", "None", "'2'", "2_0", "");

    static byte[] next(SplittableRandom r) {
        int version = r.nextInt(12) == 0 ? r.nextInt(6) : 1 + r.nextInt(3);
        String descr = r.nextInt(3) == 0 ? pick(r, DESCRS) : pick(r, List.of("<f8", "<f4", "<i4", "<i8", "|b1"));
        int itemSize = descr.contains("8") ? 8 : descr.contains("b1") || descr.equals("?") ? 1 : 4;
        List<String> dims = new ArrayList<>();
        String shape = shape(r, dims);
        String dict = switch (r.nextInt(14)) {
            case 0 -> "{'descr': " + value(r, 1 + r.nextInt(4)) + ", 'fortran_order': False, 'shape': " + shape + ", }";
            case 1 -> "{'descr': '" + descr + "', 'fortran_order': " + pick(r, List.of("0", "None", "'False'", "true", "1 == 1"))
                    + ", 'shape': " + shape + ", }";
            case 2 -> "{'descr': '" + descr + "', 'shape': " + shape + "}";                         // a key missing
            case 3 -> "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", "
                    + pick(r, List.of("'descr': '<f8'", "'extra': 1", "'a\u001b': 2", "5: 5", "'shape': (1,)")) + "}";
            case 4 -> "{'descr': " + nested(r) + ", 'fortran_order': False, 'shape': " + shape + "}";
            case 5 -> "{'descr': '" + "x".repeat(pick(r, List.of(1_000, 100_000))) + "', 'fortran_order': False, 'shape': " + shape + "}";
            case 6 -> "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }"
                    + " ".repeat(pick(r, List.of(NpyReader.MAX_HEADER - 200, NpyReader.MAX_HEADER + 10)));
            default -> "{'descr': '" + descr + "', 'fortran_order': " + (r.nextBoolean() ? "True" : "False")
                    + ", 'shape': " + shape + ", }";
        };
        byte[] text = headerText(r, dict, version);
        long length = switch (r.nextInt(10)) {
            case 0 -> pick(r, List.of(0L, 1L, 0xFFFFL, 0xFFFF_FFFFL, 1L << 31, (long) NpyReader.MAX_HEADER + 1));
            case 1 -> Math.max(0, text.length + r.nextInt(-8, 9));
            default -> text.length;
        };
        return NpyBytes.concat(NpyBytes.raw(version, r.nextInt(20) == 0 ? 1 : 0, length, text, new byte[0]), data(r, dims, itemSize));
    }

    /** A shape tuple (usually), noting its dims so that the data can be sized to match. */
    private static String shape(SplittableRandom r, List<String> dims) {
        return switch (r.nextInt(10)) {
            case 0 -> "(65536, 65536, 65536)";
            case 1 -> "(" + pick(r, DIMS) + ",)";
            case 2 -> {   // very many axes, mostly of length 1 (NumPy refuses more than 64)
                int n = pick(r, List.of(32, 64, 65, 1_000, 100_000));
                String d = pick(r, List.of("1", "1", "0", "2"));
                for (int i = 0; i < Math.min(n, 64); i++) dims.add(d);
                yield "(" + (d + ", ").repeat(n) + ")";
            }
            case 3 -> pick(r, List.of("()", "(2)", "[2]", "(2,,)", "(,)", "((2,),)", "(2, 3", "{}", "'(2,)'", "None"));
            default -> {
                int rank = r.nextInt(5);
                StringBuilder b = new StringBuilder("(");
                for (int i = 0; i < rank; i++) {
                    String d = r.nextInt(8) == 0 ? pick(r, DIMS) : Integer.toString(r.nextInt(6));
                    dims.add(d);
                    b.append(d).append(rank == 1 || i + 1 < rank ? ", " : "");
                }
                yield b.append(")").toString();
            }
        };
    }

    /** Any small Python literal, nested up to {@code depth}. */
    private static String value(SplittableRandom r, int depth) {
        if (depth == 0) return pick(r, List.of("1", "-1", "'<f8'", "True", "None", "''", "'\\x41'", "\"<f8\"", "1.5", "x"));
        List<String> items = new ArrayList<>();
        for (int i = r.nextInt(3); i > 0; i--) items.add(value(r, depth - 1));
        String joined = String.join(", ", items);
        return switch (r.nextInt(3)) {
            case 0 -> "(" + joined + (items.size() == 1 ? ",)" : ")");
            case 1 -> "[" + joined + "]";
            default -> "{" + (items.isEmpty() ? "" : "'k': " + items.getFirst()) + "}";
        };
    }

    /** Brackets nested to, just past, or far past the parser's limit of 32. */
    private static String nested(SplittableRandom r) {
        int depth = pick(r, List.of(31, 32, 33, 1_000, 100_000));
        String open = pick(r, List.of("[", "(", "{'a': "));
        String close = open.equals("[") ? "]" : open.equals("(") ? ",)" : "}";
        return open.repeat(depth) + "1" + close.repeat(depth);
    }

    /** The dict, padded and ended as NumPy pads it, or not, in the version's encoding. */
    private static byte[] headerText(SplittableRandom r, String dict, int version) {
        String padding = switch (r.nextInt(10)) {
            case 0 -> "";
            case 1 -> "\t\t";
            case 2 -> "\u0000\u0000";
            case 3 -> " \n ";
            default -> " ".repeat(r.nextInt(64));
        };
        String end = r.nextInt(12) == 0 ? "" : "\n";
        return (dict + padding + end).getBytes(version == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    }

    /** The data the dims call for when that is small, else (and sometimes anyway) a short, long or empty run of bytes. */
    private static byte[] data(SplittableRandom r, List<String> dims, int itemSize) {
        BigInteger count = BigInteger.ONE;
        for (String d : dims) {
            try {
                count = count.multiply(new BigInteger(d.replace(" ", "")));
            } catch (NumberFormatException e) {
                count = BigInteger.ZERO;
            }
        }
        long wanted = count.signum() >= 0 && count.bitLength() < 16 ? count.longValue() * itemSize : r.nextInt(64);
        long n = switch (r.nextInt(8)) {
            case 0 -> Math.max(0, wanted - 1 - r.nextInt(8));
            case 1 -> wanted + 1 + r.nextInt(8);
            case 2 -> r.nextInt(16);
            default -> wanted;
        };
        byte[] data = new byte[(int) n];
        for (int i = 0; i < data.length; i++) data[i] = (byte) r.nextInt(256);
        return data;
    }

    private static <T> T pick(SplittableRandom r, List<T> choices) { return choices.get(r.nextInt(choices.size())); }
}
