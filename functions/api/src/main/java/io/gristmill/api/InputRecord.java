package io.gristmill.api;

/**
 * One line of input.
 *
 * @param source the name of the object the line comes from: its key relative to the input prefix
 *     that found it ({@code uploads/r1/} finds {@code uploads/r1/books/a.txt} as {@code books/a.txt}),
 *     or its file name when the input names the object itself; full keys when two names would clash
 * @param offset the byte offset of the line's first byte in that object (for a gzip object, in its
 *     uncompressed content)
 * @param line the line's text, decoded as UTF-8, without its line terminator ({@code \n} or
 *     {@code \r\n})
 */
public record InputRecord(String source, long offset, String line) {}
