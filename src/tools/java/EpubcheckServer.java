// Validates EPUBs named one per line on standard input, in one JVM: a Java start-up and epubcheck's
// own warm-up cost seconds, which a build validating dozens of EPUBs should pay once.
// Run as a single-file source program: java -cp epubcheck.jar EpubcheckServer.java
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

public class EpubcheckServer {
  public static void main(String[] args) throws Exception {
    // One stream, so that findings stay between the markers of their file.
    System.setErr(System.out);
    System.out.println("@@epubcheck-server ready");
    System.out.flush();
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String file;
    while ((file = in.readLine()) != null) {
      if (file.isEmpty()) continue;
      int code;
      try {
        code = new com.adobe.epubcheck.tool.EpubChecker().run(new String[] { file });
      } catch (Throwable t) {
        System.out.println("FATAL(RSC-000): " + file + ": epubcheck crashed: " + t);
        code = 2;
      }
      System.out.println("@@epubcheck-server done " + code);
      System.out.flush();
    }
  }
}
