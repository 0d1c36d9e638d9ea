// The differential oracle for TollgateVTL: renders each template with Apache Velocity 1.7 (Debian's `velocity`).
//
// Input, one template per line, escaped: backslash-backslash, -t, -n, -r and -u plus four hex digits.
// Output, one line per template:  ok TAB output (escaped the same way)  or  error TAB exception class name.
// Every template sees the same context (VelocityOracle.context below; the Swift test binds the same values),
// and null references render empty, as API Gateway renders them (a ReferenceInsertionEventHandler).
// Run: java -cp /usr/share/java/velocity.jar:/usr/share/java/commons-collections3.jar:/usr/share/java/commons-lang.jar \
//        Tests/Oracles/VelocityOracle.java < cases.txt
import java.io.*;
import java.nio.charset.StandardCharsets;
import java.util.*;
import org.apache.velocity.VelocityContext;
import org.apache.velocity.app.VelocityEngine;
import org.apache.velocity.app.event.EventCartridge;
import org.apache.velocity.app.event.ReferenceInsertionEventHandler;

public class VelocityOracle {
    static String unescape(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\') { b.append(c); continue; }
            char e = s.charAt(++i);
            switch (e) {
                case 't': b.append('\t'); break;
                case 'n': b.append('\n'); break;
                case 'r': b.append('\r'); break;
                case 'u': b.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16)); i += 4; break;
                default: b.append(e);
            }
        }
        return b.toString();
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') b.append("\\\\");
            else if (c == '\t') b.append("\\t");
            else if (c == '\n') b.append("\\n");
            else if (c == '\r') b.append("\\r");
            else if (c < 0x20 || c > 0x7e) b.append(String.format("\\u%04x", (int) c));
            else b.append(c);
        }
        return b.toString();
    }

    static <K, V> Map<K, V> map(Object... kv) {
        Map<K, V> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((K) kv[i], (V) kv[i + 1]);
        return m;
    }

    /// The shared context: keep it equal to `OracleContext` in Tests/TollgateVTLTests/VelocityOracleTests.swift.
    static VelocityContext context() {
        VelocityContext c = new VelocityContext();
        c.put("s", "Hello, World");
        c.put("e", "");
        c.put("sp", "  padded  ");
        c.put("csv", "a,b,,c,");
        c.put("n", 42);
        c.put("neg", -7);
        c.put("zero", 0);
        c.put("big", 3000000000L);
        c.put("d", 2.5);
        c.put("t", true);
        c.put("f", false);
        c.put("list", new ArrayList<Object>(List.of(1, "two", 3.5, true)));
        c.put("names", new ArrayList<Object>(List.of("b", "a", "c")));
        c.put("empty", new ArrayList<Object>());
        c.put("map", map("a", 1, "b", "x", "c", new ArrayList<Object>(List.of(1, 2))));
        c.put("nested", map("k", map("m", "v"), "arr", new ArrayList<Object>(List.of(map("x", 1), map("x", 2)))));
        c.put("uni", "h\u00e9llo \ud83d\ude00");
        return c;
    }

    public static void main(String[] args) throws Exception {
        VelocityEngine ve = new VelocityEngine();
        ve.setProperty("runtime.log.logsystem.class", "org.apache.velocity.runtime.log.NullLogChute");
        ve.setProperty("velocimacro.permissions.allow.inline.local.scope", "true");
        ve.init();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), false, "UTF-8");
        String line;
        int n = 0;
        while ((line = in.readLine()) != null) {
            String template = unescape(line);
            VelocityContext context = context();
            EventCartridge ec = new EventCartridge();
            ec.addEventHandler((ReferenceInsertionEventHandler) (ref, value) -> value == null ? "" : value);
            ec.attachToContext(context);
            StringWriter w = new StringWriter();
            try {
                ve.evaluate(context, w, "case" + (n++), template);
                out.println("ok\t" + escape(w.toString()));
            } catch (Throwable e) {
                out.println("error\t" + e.getClass().getSimpleName());
            }
        }
        out.flush();
    }
}
