package io.gristmill.infra.checks;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The constant pool of a class file (JVMS §4.4): enough to list the strings a class holds and the methods
 * it calls, without a bytecode library. Method references include calls made from lambdas and method
 * references, which compile into the same class.
 */
final class ConstantPool {
    /** A method some code in the class calls: its owner in internal form (a/b/C) and its name. */
    record MethodRef(String owner, String name) {}

    private final String[] utf8;
    private final int[][] refs;
    private final int[] classNames;
    private final int[] nameAndTypeNames;

    private ConstantPool(int count) {
        utf8 = new String[count];
        refs = new int[count][];
        classNames = new int[count];
        nameAndTypeNames = new int[count];
    }

    static ConstantPool read(byte[] classFile) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile));
        if (in.readInt() != 0xCAFEBABE) throw new IOException("not a class file");
        in.readUnsignedShort();
        in.readUnsignedShort();
        int count = in.readUnsignedShort();
        ConstantPool pool = new ConstantPool(count);
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> pool.utf8[i] = in.readUTF();
                case 7 -> pool.classNames[i] = in.readUnsignedShort();
                case 8, 16, 19, 20 -> in.readUnsignedShort();
                case 3, 4 -> in.readInt();
                case 5, 6 -> {
                    in.readLong();
                    i++; // longs and doubles take two slots
                }
                case 9, 17, 18 -> in.readInt();
                case 10, 11 -> pool.refs[i] = new int[] {in.readUnsignedShort(), in.readUnsignedShort()};
                case 12 -> {
                    pool.nameAndTypeNames[i] = in.readUnsignedShort();
                    in.readUnsignedShort();
                }
                case 15 -> {
                    in.readUnsignedByte();
                    in.readUnsignedShort();
                }
                default -> throw new IOException("unknown constant pool tag " + tag + " at " + i);
            }
        }
        return pool;
    }

    /** Every UTF-8 constant: string literals, but also names and descriptors. */
    List<String> strings() {
        List<String> out = new ArrayList<>();
        for (String s : utf8) if (s != null) out.add(s);
        return out;
    }

    List<MethodRef> methodRefs() {
        List<MethodRef> out = new ArrayList<>();
        for (int[] ref : refs) {
            if (ref == null) continue;
            out.add(new MethodRef(utf8[classNames[ref[0]]], utf8[nameAndTypeNames[ref[1]]]));
        }
        return out;
    }
}
