// The VTL benchmark's peer: Apache Velocity 1.7 (Debian's `velocity`) rendering the same templates with
// API Gateway-like bindings, each parsed once and warmed, as TollgateVTL is measured.
//
// Events are the files `tollgate render --event` reads (`{"body": ..., "params": {...}, "context": {...},
// "stageVariables": {...}}`), read with Jackson. `$input.json(path)` and `$input.path(path)` evaluate
// the path with Jayway JsonPath (Debian's libjsonpath-java), then `json` writes the result with
// json-smart's compact `toJSONString`, as API Gateway's libraries do. Bodies are parsed by Jackson (as
// `$util.parseJson` parses): Debian's json-smart 2.2 refuses any document with more than 400 objects in
// all ("Malicious payload, having non natural depths": its depth count never goes down), which most of
// the corpus has. `$util.escapeJavaScript` is commons-lang's.
//
// Run: java -cp "$(make -s velocity-classpath)" Benchmarks/peers/VelocityBench.java SECONDS TEMPLATE EVENT [TEMPLATE EVENT ...]
// Prints one JSON line per pair: {"template", "event", "ops_per_sec", "ns_per_op", "output_bytes"} (output
// bytes as UTF-8). With VELOCITY_BENCH_OUTPUT set to a folder, each pair's output is written there as
// N.txt (N counting pairs from 1), for the report to compare with Tollgate's.
import java.io.*;
import java.nio.charset.StandardCharsets;
import java.nio.file.*;
import java.util.*;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.spi.json.JacksonJsonProvider;
import net.minidev.json.JSONValue;
import org.apache.commons.lang.StringEscapeUtils;
import org.apache.velocity.Template;
import org.apache.velocity.VelocityContext;
import org.apache.velocity.runtime.RuntimeServices;
import org.apache.velocity.runtime.RuntimeSingleton;

public class VelocityBench {
    static final ObjectMapper JACKSON = new ObjectMapper();
    static final Configuration PATHS = Configuration.builder().jsonProvider(new JacksonJsonProvider(JACKSON)).build();

    public static class Input {
        final String body;
        final Map<String, Object> params = new LinkedHashMap<>();

        Input(String body, Map<String, Object> params) {
            this.body = body;
            for (String part : new String[] {"path", "querystring", "header"}) {
                Object given = params.get(part);
                this.params.put(part, given instanceof Map ? given : new LinkedHashMap<String, String>());
            }
        }

        public String getBody() { return body; }

        public String json(String path) {
            try {
                return JSONValue.toJSONString(JsonPath.using(PATHS).parse(body).read(path));
            } catch (RuntimeException e) {
                return "\"\"";
            }
        }

        public Object path(String path) {
            try {
                return JsonPath.using(PATHS).parse(body).read(path);
            } catch (RuntimeException e) {
                return "";
            }
        }

        public Map<String, Object> params() { return params; }

        /// A parameter by name: path, then query string, then header (API Gateway's order).
        public Object params(String name) {
            for (Object part : params.values()) {
                Object value = ((Map<?, ?>) part).get(name);
                if (value != null) return value;
            }
            return "";
        }
    }

    public static class Util {
        public String escapeJavaScript(String s) { return StringEscapeUtils.escapeJavaScript(s); }
        public Object parseJson(String s) {
            try {
                return JACKSON.readValue(s, Object.class);
            } catch (IOException e) {
                return null;
            }
        }
    }

    static Map<String, Object> object(Object value) {
        return value instanceof Map ? (Map<String, Object>) value : new LinkedHashMap<>();
    }

    public static void main(String[] args) throws Exception {
        double seconds = Double.parseDouble(args[0]);
        RuntimeSingleton.setProperty("runtime.log.logsystem.class", "org.apache.velocity.runtime.log.NullLogChute");
        RuntimeSingleton.init();
        RuntimeServices rs = RuntimeSingleton.getRuntimeServices();
        for (int pair = 1; pair + 1 < args.length; pair += 2) {
            String source = new String(Files.readAllBytes(Paths.get(args[pair])), StandardCharsets.UTF_8);
            // Jackson keeps the members in order (json-smart's objects are hash maps): headers loop as written.
            Map<String, Object> event = object(JACKSON.readValue(Files.readAllBytes(Paths.get(args[pair + 1])), Object.class));
            Template template = new Template();
            template.setRuntimeServices(rs);
            template.setData(rs.parse(new StringReader(source), args[pair]));
            template.initDocument();
            Input input = new Input(event.get("body") instanceof String ? (String) event.get("body") : "", object(event.get("params")));
            Map<String, Object> context = object(event.get("context"));
            Map<String, Object> stageVariables = object(event.get("stageVariables"));
            Util util = new Util();
            long n = 0;
            String last = null;
            for (int phase = 0; phase < 2; phase++) {
                long budget = (long) ((phase == 0 ? Math.max(1, seconds) : seconds) * 1e9);
                long start = System.nanoTime();
                n = 0;
                while (System.nanoTime() - start < budget) {
                    for (int i = 0; i < 10; i++) {
                        VelocityContext ctx = new VelocityContext();
                        ctx.put("input", input);
                        ctx.put("util", util);
                        ctx.put("context", context);
                        ctx.put("stageVariables", stageVariables);
                        StringWriter w = new StringWriter(2048);
                        template.merge(ctx, w);
                        last = w.toString();
                    }
                    n += 10;
                }
                if (phase == 1) {
                    String folder = System.getenv("VELOCITY_BENCH_OUTPUT");
                    if (folder != null) {
                        Files.write(Paths.get(folder, (pair + 1) / 2 + ".txt"), last.getBytes(StandardCharsets.UTF_8));
                    }
                    double elapsed = (System.nanoTime() - start) / 1e9;
                    System.out.printf(
                        "{\"template\":%s,\"event\":%s,\"ops_per_sec\":%d,\"ns_per_op\":%.1f,\"output_bytes\":%d}%n",
                        JSONValue.toJSONString(args[pair]), JSONValue.toJSONString(args[pair + 1]), (long) (n / elapsed), elapsed * 1e9 / n,
                        last.getBytes(StandardCharsets.UTF_8).length);
                }
            }
        }
    }
}
