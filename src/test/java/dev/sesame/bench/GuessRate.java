package dev.sesame.bench;

import dev.sesame.testing.JunkLoad;
import dev.sesame.testing.SesameProcess;
import dev.sesame.testing.TestNode;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/**
 * How many wrong-phrase guesses per minute a listener lets through (issue 12, "Guessing";
 * docs/SECURITY.md §Junk connections): guessers that reconnect as fast as they are answered,
 * from one address and from 250, against a real process. Counts the victim's {@code auth_failed}
 * events (each is one guess checked) in a window after a warm-up.
 *
 * <p>Run with {@code scripts/measure GuessRate [seconds] [connections]} (default 60 s, 100
 * concurrent guessers).
 */
public final class GuessRate {
    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        int connections = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        try (TestNode guesser = new TestNode("not the phrase")) {
            for (int sources : new int[] {1, 250}) {
                List<InetAddress> from = sources == 1 ? List.of(InetAddress.getByName("127.0.0.2")) : JunkLoad.loopbackSources(sources);
                try (SesameProcess victim = SesameProcess.start("victim", "the real phrase", "--cover", "off")) {
                    int port = victim.port();
                    try (JunkLoad load = new JunkLoad(new InetSocketAddress("127.0.0.1", port), from, connections,
                            List.of(JunkLoad.Kind.WRONG_PHRASE), guesser).start()) {
                        Thread.sleep(Duration.ofSeconds(seconds).toMillis());
                    }
                    long guesses = victim.events("auth_failed").size();
                    long refused = victim.events("rejected").stream()
                            .filter(e -> e.path("reason").asText().equals("throttled")).count();
                    System.out.printf("| %3d address%s | %d s | %5d guesses checked | %7.1f per minute | %6d refused throttled |%n",
                            sources, sources == 1 ? "  " : "es", seconds, guesses, guesses * 60.0 / seconds, refused);
                }
            }
        }
    }
}
