package io.gristmill.engine.input;

/**
 * A line of input as bytes, without decoding: the engine's fast paths read lines this way and make
 * strings only of what they keep. Valid until the next line is read from the same source.
 *
 * @see RecordSource#nextLine
 */
public final class LineView {
    /** The bytes; the line is {@code [offset, offset + length)}, without its terminator. */
    public byte[] bytes;

    public int offset;
    public int length;
    /** Where the line starts in its object (in a gzip object, in the uncompressed content). */
    public long position;
    /** The object's name, as {@code InputRecord.source()} gives it. */
    public String source;
}
