package dev.sesame.bench;

import dev.sesame.testing.JunkLoad;
import dev.sesame.testing.SesameProcess;
import dev.sesame.testing.TestNode;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How many wrong-phrase guesses per minute a listener lets through (issue 12, "Guessing";
 * docs/SECURITY.md §Junk connections): guessers that reconnect as soon as they are answered,
 * against a real process, in three set-ups:
 * <ul>
 *   <li>one address, 4 concurrent guessers: as many as the address has handshake slots, the
 *       best an attacker with one address can do;</li>
 *   <li>one address, 100 concurrent guessers: more than the slots, to show what that costs the
 *       attacker (its own guesses stall and evict each other);</li>
 *   <li>250 addresses, 64 concurrent guessers (the listener's handshake slots), each new
 *       connection from the next address in turn, so that every address's budget is used.</li>
 * </ul>
 * A guess is checked when the victim reports {@code auth_failed}; every other way a guesser's
 * connection ended is counted by its {@code rejected} reason, so the figure explains itself.
 *
 * <p>Run with {@code scripts/measure GuessRate [seconds]} (default 60 s per set-up).
 */
public final class GuessRate {
    private record Setup(String label, int addresses, int connections) {}

    private static final List<Setup> SETUPS = List.of(
            new Setup("1 address, 4 guessers", 1, 4),
            new Setup("1 address, 100 guessers", 1, 100),
            new Setup("250 addresses, 64 guessers", 250, 64));

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        System.out.printf("| set-up | window | guesses checked | per minute | connections | other endings (rejected reasons) |%n");
        System.out.printf("|---|---|---|---|---|---|%n");
        try (TestNode guesser = new TestNode("not the phrase")) {
            for (Setup setup : SETUPS) {
                List<InetAddress> from = setup.addresses() == 1
                        ? List.of(InetAddress.getByName("127.0.0.2")) : JunkLoad.loopbackSources(setup.addresses());
                try (SesameProcess victim = SesameProcess.start("victim", "the real phrase", "--cover", "off")) {
                    int port = victim.port();
                    long attempts;
                    try (JunkLoad load = new JunkLoad(new InetSocketAddress("127.0.0.1", port), from, setup.connections(),
                            List.of(JunkLoad.Kind.WRONG_PHRASE), guesser).rotatingSources().start()) {
                        Thread.sleep(Duration.ofSeconds(seconds).toMillis()); // the measuring window itself
                        attempts = load.totalAttempts();
                    }
                    long guesses = victim.events("auth_failed").size();
                    Map<String, Long> endings = JunkLoad.refusals(victim);
                    System.out.printf("| %s | %d s | %d | %.1f | %d | %s |%n", setup.label(), seconds, guesses,
                            guesses * 60.0 / seconds, attempts, endings);
                }
            }
        }
    }
}
