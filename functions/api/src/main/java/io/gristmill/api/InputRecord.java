package io.gristmill.api;

/**
 * One line of input.
 *
 * @param source the S3 key of the object the line comes from
 * @param offset the byte offset of the line's first byte in that object (for a gzip object, in its
 *     uncompressed content)
 * @param line the line's text, decoded as UTF-8, without its line terminator ({@code \n} or
 *     {@code \r\n})
 */
public record InputRecord(String source, long offset, String line) {}
