package io.gristmill.local.cloud;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Works around an S3Proxy 4.1.0 bug that made SDK clients fail and retry a share of their uploads.
 *
 * <p>The SDK sends PutObject and UploadPart bodies as aws-chunked: the data chunks, then a zero-length
 * chunk and the checksum trailer. S3Proxy stops reading after the data, answers, and leaves the rest
 * unread, so Jetty closes the connection while the client may still be writing that rest. The JDK HTTP
 * client (which the functions use) then fails with "Error writing request body to server" on about one
 * upload in ten, and the SDK retries it: a stored object is written twice, notified twice, and a retried
 * {@code If-None-Match: *} put reports 412 for the client's own successful write. Reading the rest before
 * the response completes keeps the connection whole.
 */
final class DrainAwsChunkedBody implements Filter {

    // The rest is a zero-length chunk and a trailer, some 100 bytes; never read more than this.
    private static final int MAX_REST = 64 * 1024;

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        chain.doFilter(request, response);
        if (request instanceof HttpServletRequest http
                && response instanceof HttpServletResponse answer
                && answer.getStatus() < 300
                && isAwsChunked(http)) {
            drain(http);
        }
    }

    private static boolean isAwsChunked(HttpServletRequest request) {
        String payload = request.getHeader("x-amz-content-sha256");
        String encoding = request.getHeader("Content-Encoding");
        return (payload != null && payload.startsWith("STREAMING-"))
                || (encoding != null && encoding.contains("aws-chunked"));
    }

    private static void drain(HttpServletRequest request) {
        try {
            ServletInputStream in = request.getInputStream();
            byte[] buffer = new byte[4096];
            int total = 0;
            int n;
            while (total < MAX_REST && (n = in.read(buffer)) != -1) {
                total += n;
            }
        } catch (IOException | IllegalStateException e) {
            // The client went away, or the body was read as a Reader: Jetty will close as it would have.
        }
    }
}
