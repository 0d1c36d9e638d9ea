// The VTL benchmark's peer: Apache Velocity 1.7 (Debian's `velocity`) rendering the same template with
// API Gateway-like bindings, parsed once and warmed, as TollgateVTL is measured.
//
// Input on stdin (written by Benchmarks/scripts/vtl-event.py from the event JSON):
//   body TAB <raw body>        header TAB name TAB value        context TAB name TAB value
// `$input.json(path)` does what API Gateway does (spec §1: "evaluates JSONPath x and returns the result as
// a JSON string"), with the libraries API Gateway uses: Jayway JsonPath over json-smart (Debian's
// libjsonpath-java and libjson-smart-java), then json-smart's compact `toJSONString`. With `raw` as the
// third argument it returns the body unparsed instead (no JSON work at all), for comparison.
// Run: java -cp "$(make -s velocity-classpath)" Benchmarks/peers/VelocityBench.java TEMPLATE SECONDS [raw] < event.tsv
import java.io.*;
import java.nio.charset.StandardCharsets;
import java.nio.file.*;
import java.util.*;
import com.jayway.jsonpath.JsonPath;
import net.minidev.json.JSONValue;
import org.apache.commons.lang.StringEscapeUtils;
import org.apache.velocity.Template;
import org.apache.velocity.VelocityContext;
import org.apache.velocity.runtime.RuntimeServices;
import org.apache.velocity.runtime.RuntimeSingleton;

public class VelocityBench {
    public static class Input {
        final String body;
        final boolean raw;
        final Map<String, Object> params = new LinkedHashMap<>();
        Input(String body, Map<String, String> headers, boolean raw) {
            this.body = body;
            this.raw = raw;
            params.put("path", new LinkedHashMap<String, String>());
            params.put("querystring", new LinkedHashMap<String, String>());
            params.put("header", headers);
        }
        public String getBody() { return body; }
        public String json(String path) {
            if (raw) return body;
            try {
                return JSONValue.toJSONString(JsonPath.read(body, path));
            } catch (RuntimeException e) {
                return "\"\"";
            }
        }
        public Map<String, Object> params() { return params; }
    }

    public static class Util {
        public String escapeJavaScript(String s) { return StringEscapeUtils.escapeJavaScript(s); }
    }

    public static void main(String[] args) throws Exception {
        String source = new String(Files.readAllBytes(Paths.get(args[0])), StandardCharsets.UTF_8);
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 3;
        String body = "";
        Map<String, String> headers = new LinkedHashMap<>();
        Map<String, Object> context = new LinkedHashMap<>();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            String[] f = line.split("\t", -1);
            if (f[0].equals("body")) body = f[1].replace("\\n", "\n");
            else if (f[0].equals("header")) headers.put(f[1], f[2]);
            else if (f[0].equals("context")) context.put(f[1], f[2]);
        }
        RuntimeSingleton.setProperty("runtime.log.logsystem.class", "org.apache.velocity.runtime.log.NullLogChute");
        RuntimeSingleton.init();
        RuntimeServices rs = RuntimeSingleton.getRuntimeServices();
        Template template = new Template();
        template.setRuntimeServices(rs);
        template.setData(rs.parse(new StringReader(source), "bench"));
        template.initDocument();
        Input input = new Input(body, headers, args.length > 2 && args[2].equals("raw"));
        Util util = new Util();
        long n = 0;
        String last = null;
        for (int phase = 0; phase < 2; phase++) {
            long budget = (long) ((phase == 0 ? Math.max(2, seconds) : seconds) * 1e9);
            long start = System.nanoTime();
            n = 0;
            while (System.nanoTime() - start < budget) {
                for (int i = 0; i < 1000; i++) {
                    VelocityContext ctx = new VelocityContext();
                    ctx.put("input", input);
                    ctx.put("util", util);
                    ctx.put("context", context);
                    StringWriter w = new StringWriter(2048);
                    template.merge(ctx, w);
                    last = w.toString();
                }
                n += 1000;
            }
            if (phase == 1) {
                double elapsed = (System.nanoTime() - start) / 1e9;
                System.out.printf("{\"ops_per_sec\":%d,\"ns_per_op\":%.1f,\"output_bytes\":%d}%n", (long) (n / elapsed), elapsed * 1e9 / n, last.length());
            }
        }
    }
}
