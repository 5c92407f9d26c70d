package dev.sesame.bench;

import dev.sesame.crypto.Secret;
import dev.sesame.crypto.X25519KeyPair;
import dev.sesame.ratchet.DoubleRatchet;
import dev.sesame.ratchet.RatchetException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of the Double Ratchet on one thread, through its public API only.
 *
 * <ul>
 * <li>{@code oneWay}: encrypt + decrypt of one message on an established chain (no DH step),
 *     in messages per second, for 100-byte and 1 KiB plaintexts.
 * <li>{@code dhRatchetStep}: encrypt + decrypt of a 100-byte message that makes the receiver
 *     take a full DH ratchet step (one X25519 key generation, two agreements, two root KDFs),
 *     because the direction alternates on every call. The step's own cost is this minus
 *     {@code oneWay} at 100 bytes.
 * </ul>
 * Run with {@code scripts/bench}; not part of the test suite.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@Threads(1)
public class RatchetBenchmark {
    private static final byte[] ASSOCIATED_DATA = "sesame/bench/session-ad".getBytes(StandardCharsets.US_ASCII);

    /** An initiator and a responder that have exchanged one message each way. */
    abstract static class Pair {
        DoubleRatchet alice;
        DoubleRatchet bob;
        byte[] plaintext;

        void open(int plaintextBytes) throws RatchetException {
            SecureRandom random = new SecureRandom();
            Secret root = Secret.random(32, random);
            Secret rootCopy = root.copy();
            X25519KeyPair bobKey = X25519KeyPair.generate(random);
            alice = DoubleRatchet.initiator(root, ASSOCIATED_DATA, bobKey.publicKey(), random);
            bob = DoubleRatchet.responder(rootCopy, ASSOCIATED_DATA, bobKey, random);
            bob.decrypt(alice.encrypt(new byte[1]));
            alice.decrypt(bob.encrypt(new byte[1]));
            plaintext = new byte[plaintextBytes];
            random.nextBytes(plaintext);
        }

        @TearDown(Level.Trial)
        public void close() {
            alice.close();
            bob.close();
        }
    }

    @State(Scope.Thread)
    public static class Link extends Pair {
        @Param({"100", "1024"})
        public int plaintextBytes;

        @Setup(Level.Trial)
        public void setUp() throws RatchetException {
            open(plaintextBytes);
        }
    }

    @State(Scope.Thread)
    public static class SteppingLink extends Pair {
        boolean aliceSendsNext = true;

        @Setup(Level.Trial)
        public void setUp() throws RatchetException {
            open(100);
        }
    }

    @Benchmark
    public byte[] oneWay(Link link) throws RatchetException {
        return link.bob.decrypt(link.alice.encrypt(link.plaintext));
    }

    @Benchmark
    public byte[] dhRatchetStep(SteppingLink link) throws RatchetException {
        DoubleRatchet from = link.aliceSendsNext ? link.alice : link.bob;
        DoubleRatchet to = link.aliceSendsNext ? link.bob : link.alice;
        link.aliceSendsNext = !link.aliceSendsNext;
        return to.decrypt(from.encrypt(link.plaintext));
    }
}
