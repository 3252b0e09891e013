package io.gristmill.local.edge;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * One backend of the edge (an emulator, or an AWS-compatible endpoint), with the keep-alive connections
 * the edge holds to it. Idle connections are reused for a short while only: node (dynalite) closes idle
 * ones after 5 s, and a request written into a connection the server is closing is lost.
 */
final class Upstream {
    private static final long MAX_IDLE_MILLIS = 2_000;
    private static final int MAX_IDLE_CONNECTIONS = 16;
    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;
    /** How long a response may take to start: S3 reads of large objects and long polls start well within it. */
    static final int READ_TIMEOUT_MILLIS = 15 * 60_000;

    final String name;
    final URI base;
    private final Deque<Connection> idle = new ArrayDeque<>();

    /**
     * @param name what it is, for messages: "S3 (S3Proxy)"
     * @param base {@code http://host:port}
     */
    Upstream(String name, URI base) {
        this.name = name;
        this.base = base;
    }

    String hostPort() {
        return base.getHost() + ":" + port();
    }

    private int port() {
        return base.getPort() > 0 ? base.getPort() : 80;
    }

    /** A connection to the backend. */
    final class Connection implements AutoCloseable {
        final Socket socket;
        final InputStream in;
        final OutputStream out;
        final boolean reused;
        long idleSince;

        private Connection(Socket socket, boolean reused) throws IOException {
            this.socket = socket;
            this.in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
            this.out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
            this.reused = reused;
        }

        private Connection reuse() throws IOException {
            return new Connection(socket, true, in, out);
        }

        private Connection(Socket socket, boolean reused, InputStream in, OutputStream out) {
            this.socket = socket;
            this.in = in;
            this.out = out;
            this.reused = reused;
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }

    /** An idle connection that still looks open, or a new one. */
    Connection connect() throws IOException {
        while (true) {
            Connection c;
            synchronized (idle) {
                c = idle.pollFirst();
            }
            if (c == null) break;
            if (System.currentTimeMillis() - c.idleSince > MAX_IDLE_MILLIS || !open(c)) {
                c.close();
                continue;
            }
            return c.reuse();
        }
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(base.getHost(), port()), CONNECT_TIMEOUT_MILLIS);
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
            return new Connection(socket, false);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /** Keeps a connection whose last response was read to its end, for the next request. */
    void release(Connection c) {
        c.idleSince = System.currentTimeMillis();
        synchronized (idle) {
            if (idle.size() < MAX_IDLE_CONNECTIONS) {
                idle.addFirst(c);
                return;
            }
        }
        c.close();
    }

    /** Whether the server has not closed the connection: nothing is readable yet (a close would be). */
    private static boolean open(Connection c) {
        try {
            c.socket.setSoTimeout(1);
            try {
                c.in.mark(1);
                int b = c.in.read();
                if (b < 0) return false;
                c.in.reset(); // unexpected data: keep it, though an idle connection should have none
                return false;
            } catch (SocketTimeoutException quiet) {
                return true;
            } finally {
                c.socket.setSoTimeout(READ_TIMEOUT_MILLIS);
            }
        } catch (IOException e) {
            return false;
        }
    }

    void closeIdle() {
        synchronized (idle) {
            idle.forEach(Connection::close);
            idle.clear();
        }
    }
}
