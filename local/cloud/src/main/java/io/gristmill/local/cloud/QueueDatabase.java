package io.gristmill.local.cloud;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The H2 database in which ElasticMQ keeps a durable SQS's queues and messages ({@code message_<queue>_<hash>}
 * tables, one row per message, written before ElasticMQ answers).
 */
final class QueueDatabase {
    private QueueDatabase() {}

    /**
     * The JDBC URL. {@code WRITE_DELAY=0} hands every commit to the operating system at once (H2 would wait
     * up to half a second), so a message whose send was acknowledged survives a kill of this process.
     */
    static String url(Path directory) {
        return "jdbc:h2:file:" + directory.resolve("queues") + ";WRITE_DELAY=0";
    }

    /**
     * Makes every message that had been received, and was still hidden, visible again: the stack stopped
     * (or was killed), and with it every function instance that held one, so nobody will delete or renew
     * them. Without this they would reappear only when their visibility timeout ends, up to ten times a
     * function's timeout later. Messages sent with a delay and never received keep their delay. Returns
     * how many were released.
     */
    static int releaseInFlight(String url) throws SQLException {
        int released = 0;
        long now = System.currentTimeMillis();
        try (Connection db = DriverManager.getConnection(url, "sa", "")) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = db.getMetaData().getTables(null, null, "MESSAGE_%", new String[] {"TABLE"})) {
                while (rs.next()) tables.add(rs.getString("TABLE_NAME"));
            }
            for (String table : tables) {
                try (PreparedStatement update = db.prepareStatement("UPDATE \"" + table.replace("\"", "")
                        + "\" SET next_delivery = ? WHERE receive_count > 0 AND next_delivery > ?")) {
                    update.setLong(1, now);
                    update.setLong(2, now);
                    released += update.executeUpdate();
                }
            }
        }
        return released;
    }
}
