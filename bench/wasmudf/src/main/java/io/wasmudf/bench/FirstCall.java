package io.wasmudf.bench;

import io.wasmudf.h2.WasmUdf;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;

/**
 * One new JVM's first call of a registered plug-in, for {@code bench/first_call.py}, which starts
 * this class once per measurement (JMH's forks would add JMH's own start to every figure):
 *
 * <pre>
 *   FirstCall setup DB NAME WASM ...        register plug-ins into the H2 file database DB (as its admin)
 *   FirstCall drop-code DB                  delete the stored compiled code (the "without" case)
 *   FirstCall call DB PLUGIN.EXPORT INPUT   open DB, one wasm_call, print the timings as one JSON line
 *   FirstCall select1 DB                    the same with SELECT 1 (what a new JVM costs by itself)
 * </pre>
 */
public final class FirstCall {
    /** The query's own thread CPU time: what a loaded machine swells less than its wall time. */
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private FirstCall() {
    }

    public static void main(String[] args) throws Exception {
        long mainNanos = System.nanoTime();
        long sinceStart = System.currentTimeMillis() - ProcessHandle.current().info().startInstant().orElse(Instant.now()).toEpochMilli();
        String db = "jdbc:h2:" + Path.of(args[1]).toAbsolutePath();
        try (Connection c = DriverManager.getConnection(db, "sa", "")) {
            long connected = System.nanoTime();
            switch (args[0]) {
                case "setup":
                    WasmUdf.install(c);
                    for (int i = 2; i + 1 < args.length; i += 2) {
                        register(c, args[i], Files.readAllBytes(Path.of(args[i + 1])));
                    }
                    return;
                case "drop-code":
                    try (Statement st = c.createStatement()) {
                        st.execute("DELETE FROM wasmudf_code");
                    }
                    return;
                case "select1":
                case "call":
                    long cpu = THREADS.getCurrentThreadCpuTime();
                    String out = args[0].equals("call") ? call(c, args[2], args[3]) : select1(c);
                    long done = System.nanoTime();
                    long cpuDone = THREADS.getCurrentThreadCpuTime();
                    System.out.printf("{\"jvm_to_main_ms\": %d, \"connect_ms\": %.1f, \"query_ms\": %.1f, \"query_cpu_ms\": %.1f, "
                            + "\"output\": \"%s\"}%n", sinceStart, (connected - mainNanos) / 1e6, (done - connected) / 1e6,
                            (cpuDone - cpu) / 1e6, out.replace("\"", "\\\""));
                    return;
                default:
                    throw new IllegalArgumentException("unknown command " + args[0]);
            }
        }
    }

    private static void register(Connection c, String name, byte[] wasm) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT wasm_register(?, ?)")) {
            ps.setString(1, name);
            ps.setBytes(2, wasm);
            ps.execute();
        }
    }

    private static String call(Connection c, String function, String input) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT wasm_call(?, ?)")) {
            ps.setString(1, function);
            ps.setString(2, input);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private static String select1(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT 1")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
