package io.numfuse.jvm;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the bytecode length of each method of a class file. HotSpot does not JIT-compile a
 * method longer than 8000 bytes ({@code DontCompileHugeMethods}), so the JVM backend checks
 * every kernel it generates against {@link #HUGE_METHOD}.
 */
public final class ClassFiles {
    private ClassFiles() {}

    /** The bytecode length above which HotSpot leaves a method interpreted. */
    public static final int HUGE_METHOD = 8000;

    /** Method name and descriptor to code length, in class-file order. */
    public static Map<String, Integer> codeLengths(byte[] classFile) {
        ByteBuffer b = ByteBuffer.wrap(classFile);
        b.position(8);
        int cpCount = b.getShort() & 0xffff;
        String[] utf8 = new String[cpCount];
        for (int i = 1; i < cpCount; i++) {
            int tag = b.get() & 0xff;
            switch (tag) {
                case 1 -> {
                    int len = b.getShort() & 0xffff;
                    byte[] s = new byte[len];
                    b.get(s);
                    utf8[i] = new String(s, java.nio.charset.StandardCharsets.UTF_8);
                }
                case 3, 4, 9, 10, 11, 12, 17, 18 -> b.position(b.position() + 4);
                case 5, 6 -> { b.position(b.position() + 8); i++; }
                case 7, 8, 16, 19, 20 -> b.position(b.position() + 2);
                case 15 -> b.position(b.position() + 3);
                default -> throw new IllegalArgumentException("bad constant pool tag " + tag);
            }
        }
        b.position(b.position() + 6);                       // access, this, super
        int interfaces = b.getShort() & 0xffff;
        b.position(b.position() + 2 * interfaces);
        int fields = b.getShort() & 0xffff;
        for (int f = 0; f < fields; f++) skipMember(b);
        Map<String, Integer> out = new LinkedHashMap<>();
        int methods = b.getShort() & 0xffff;
        for (int m = 0; m < methods; m++) {
            b.getShort();
            String name = utf8[b.getShort() & 0xffff], desc = utf8[b.getShort() & 0xffff];
            int attrs = b.getShort() & 0xffff;
            for (int a = 0; a < attrs; a++) {
                String attr = utf8[b.getShort() & 0xffff];
                int len = b.getInt(), start = b.position();
                if (attr.equals("Code")) out.put(name + desc, b.getInt(start + 4));
                b.position(start + len);
            }
        }
        return out;
    }

    private static void skipMember(ByteBuffer b) {
        b.position(b.position() + 6);
        int attrs = b.getShort() & 0xffff;
        for (int a = 0; a < attrs; a++) {
            b.getShort();
            int len = b.getInt();
            b.position(b.position() + len);
        }
    }
}
