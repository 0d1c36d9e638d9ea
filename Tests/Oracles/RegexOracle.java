// The differential oracle for TollgateJavaRegex: runs each case through java.util.regex.
//
// Input, one case per line:  flags TAB pattern TAB input [TAB replacement]
// (pattern, input and replacement escaped: backslash-backslash, -t, -n, -r and -u plus four hex digits; flags a decimal int of
// java.util.regex.Pattern flag bits).
// Output, one line per case:
//   ok TAB matches TAB find TAB start,end;... (every find(), at most 20) TAB groupCount
//      TAB replaceAll result or ! TAB split(0) parts joined by U+0001 TAB split(-1) parts
//   error TAB description TAB index
//   timeout   (the case took more than 2 s)
// Run: java Tests/Oracles/RegexOracle.java < cases.tsv
import java.io.*;
import java.nio.charset.StandardCharsets;
import java.util.*;
import java.util.concurrent.*;
import java.util.regex.*;

public class RegexOracle {
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

    static String run(String line) {
        String[] f = line.split("\t", -1);
        int flags = Integer.parseInt(f[0]);
        String pattern = unescape(f[1]);
        String input = unescape(f[2]);
        String replacement = f.length > 3 ? unescape(f[3]) : null;
        Pattern p;
        try {
            p = Pattern.compile(pattern, flags);
        } catch (PatternSyntaxException e) {
            return "error\t" + escape(e.getDescription()) + "\t" + e.getIndex();
        }
        StringBuilder out = new StringBuilder("ok\t");
        out.append(p.matcher(input).matches()).append('\t');
        Matcher m = p.matcher(input);
        boolean found = m.find();
        out.append(found).append('\t');
        m.reset();
        int n = 0;
        StringBuilder spans = new StringBuilder();
        while (n < 20 && m.find()) {
            if (n > 0) spans.append(';');
            spans.append(m.start()).append(',').append(m.end());
            n++;
        }
        out.append(spans).append('\t').append(p.matcher(input).groupCount()).append('\t');
        if (replacement != null) {
            try {
                out.append(escape(p.matcher(input).replaceAll(replacement)));
            } catch (RuntimeException e) {
                out.append("!");
            }
        } else {
            out.append("!");
        }
        out.append('\t').append(escape(String.join("\u0001", p.split(input, 0))));
        out.append('\t').append(escape(String.join("\u0001", p.split(input, -1))));
        return out.toString();
    }

    public static void main(String[] args) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), false, "UTF-8");
        ExecutorService pool = Executors.newSingleThreadExecutor(r -> { Thread t = new Thread(r); t.setDaemon(true); return t; });
        String line;
        while ((line = in.readLine()) != null) {
            final String l = line;
            Future<String> result = pool.submit(() -> run(l));
            try {
                out.println(result.get(2, TimeUnit.SECONDS));
            } catch (TimeoutException e) {
                out.println("timeout");
                result.cancel(true);
                pool.shutdownNow();
                pool = Executors.newSingleThreadExecutor(r -> { Thread t = new Thread(r); t.setDaemon(true); return t; });
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                out.println("crash\t" + escape(cause.getClass().getSimpleName()));
            }
        }
        out.flush();
        System.exit(0);
    }
}
