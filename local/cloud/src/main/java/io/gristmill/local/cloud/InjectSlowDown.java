package io.gristmill.local.cloud;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Chaos for the local S3 ({@code --chaos slowdown=P}): answers a share of requests with 503 SlowDown,
 * S3's own error body and all, before S3Proxy sees them, as S3 answers a prefix's requests beyond its
 * rates. The SDK sees exactly what S3 would send and must retry; nothing is stored for a refused
 * request. Off (0) unless set.
 */
final class InjectSlowDown implements Filter {
    private volatile double share;
    private SplittableRandom random = new SplittableRandom(1);
    private final AtomicLong refused = new AtomicLong();

    /** Refuses a share {@code p} of requests from now on, the same ones for the same seed and order. */
    synchronized void set(double p, long seed) {
        if (p < 0 || p >= 1) throw new IllegalArgumentException("slowdown is a share below 1, not " + p);
        share = p;
        random = new SplittableRandom(seed);
    }

    long refused() {
        return refused.get();
    }

    private synchronized boolean refuse() {
        return share > 0 && random.nextDouble() < share;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!refuse() || !(response instanceof HttpServletResponse answer)) {
            chain.doFilter(request, response);
            return;
        }
        refused.incrementAndGet();
        // Read the body first, as S3 does, so the connection stays usable for the client's retry.
        try (InputStream in = request.getInputStream()) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        } catch (IOException | IllegalStateException e) {
            // The client went away: Jetty closes the connection.
        }
        byte[] body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>SlowDown</Code>"
                        + "<Message>Please reduce your request rate.</Message>"
                        + "<RequestId>local-slowdown-" + refused.get() + "</RequestId>"
                        + "<HostId>gristmill-local</HostId></Error>")
                .getBytes(StandardCharsets.UTF_8);
        answer.setStatus(503);
        answer.setContentType("application/xml");
        answer.setContentLength(body.length);
        answer.getOutputStream().write(body);
    }
}
