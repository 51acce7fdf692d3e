// Lucene's own analyzer over standard input: each line in, its terms out (space-separated, one line each).
// Used by bench/search_realtext.py to compare the project's search with Lucene's on the same sentences.
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.bn.BengaliAnalyzer;
import org.apache.lucene.analysis.hi.HindiAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

public class Analyze {
  public static void main(String[] args) throws Exception {
    Analyzer analyzer = args.length > 0 && args[0].equals("bengali") ? new BengaliAnalyzer() : new HindiAnalyzer();
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    PrintStream out = new PrintStream(System.out, false, "UTF-8");
    String line;
    while ((line = in.readLine()) != null) {
      StringBuilder terms = new StringBuilder();
      try (TokenStream stream = analyzer.tokenStream("body", line)) {
        CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
        stream.reset();
        while (stream.incrementToken()) {
          if (terms.length() > 0) terms.append(' ');
          terms.append(term);
        }
        stream.end();
      }
      out.println(terms);
    }
    out.flush();
  }
}
