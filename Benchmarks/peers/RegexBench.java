// Java 17's java.util.regex on the JavaRegexBenchmarks cases, JIT-warmed, in ns per whole-input
// match (Matcher.matches(), API Gateway's rule). Run: java Benchmarks/peers/RegexBench.java
// Prints lines "NAME on SIZE B java NS" that Benchmarks/scripts/regex-report.py reads.
import java.util.regex.Pattern;

public class RegexBench {
    static String message(String prefix, String suffix, int size) {
        StringBuilder filler = new StringBuilder();
        for (int i = 0; i < size / 27 + 1; i++) filler.append("lorem ipsum dolor sit amet ");
        String body = prefix + filler;
        return body.substring(0, size - suffix.length()) + suffix;
    }

    static String input(String kind, int size) {
        switch (kind) {
            case "json": return message("{\"errorType\":\"NotFound\",\"httpStatus\":404,\"requestId\":\"e308b7b7-081a-11e6-9ab9-117c7feffb09\",\"message\":\"", "\"}", size);
            case "bad": return message("[BadRequest] Validation error: Missing field 'name' ", "", size);
            case "trace": return message("java.lang.RuntimeException: boom\n\tat com.example.Handler.handle(Handler.java:42)\n", "\n\tat java.base/Thread.run", size);
            default: return "404";
        }
    }

    public static void main(String[] args) {
        String[][] cases = {
            {".*NotFound.*", "json"}, {"^\\[BadRequest\\].*", "bad"}, {".*\"httpStatus\":404.*", "json"},
            {"4\\d{2}|5\\d{2}", "status"}, {"(?s).*Exception.*", "trace"},
        };
        for (String[] c : cases) {
            int[] sizes = c[1].equals("status") ? new int[] {3} : new int[] {200, 10240};
            for (int size : sizes) {
                Pattern p = Pattern.compile(c[0]);
                String in = input(c[1], size);
                boolean expected = p.matcher(in).matches();
                // Warm up the JIT, then take the best of five one-second rounds.
                long sink = 0;
                for (int i = 0; i < 200_000; i++) if (p.matcher(in).matches()) sink++;
                double best = Double.MAX_VALUE;
                for (int round = 0; round < 5; round++) {
                    long n = 0;
                    long start = System.nanoTime();
                    long deadline = start + 1_000_000_000L / 5;
                    long now;
                    do {
                        for (int i = 0; i < 1000; i++) if (p.matcher(in).matches() == expected) sink++;
                        n += 1000;
                        now = System.nanoTime();
                    } while (now < deadline);
                    best = Math.min(best, (double) (now - start) / n);
                }
                System.out.printf("%s on %d B java %.1f%n", c[0], in.length(), best);
                if (sink == 42) System.out.println();
            }
        }
    }
}
