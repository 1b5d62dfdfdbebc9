package io.wasmudf.bench;

import java.sql.Connection;
import java.sql.Types;
import org.h2.api.AggregateFunction;

/** rs_agg's top-3 in plain Java, as an H2 aggregate: the same work, largest first, JSON text out. */
public final class JavaTopK implements AggregateFunction {
    private final double[] top = new double[3];
    private int n;

    @Override
    public void init(Connection conn) {
    }

    @Override
    public int getType(int[] inputTypes) {
        return Types.VARCHAR;
    }

    @Override
    public void add(Object value) {
        if (value == null) {
            return;
        }
        double x = Double.parseDouble(value.toString().trim());
        if (n == top.length && x <= top[n - 1]) {
            return;
        }
        int at = 0;
        while (at < n && top[at] >= x) {
            at++;
        }
        int last = Math.min(n, top.length - 1);
        System.arraycopy(top, at, top, at + 1, last - at);
        top[at] = x;
        n = Math.min(n + 1, top.length);
    }

    @Override
    public Object getResult() {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
            sb.append(i > 0 ? "," : "").append((long) top[i] == top[i] ? String.valueOf((long) top[i]) : String.valueOf(top[i]));
        }
        return sb.append(']').toString();
    }
}
