package dev.sesame.ui.headless;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sesame.link.HandshakeException;
import dev.sesame.mesh.PeerDownReason;
import dev.sesame.mesh.Refusal;
import dev.sesame.mesh.UndeliveredReason;
import dev.sesame.ratchet.RatchetException;
import dev.sesame.testing.SesameProcess;
import dev.sesame.util.Fault;
import dev.sesame.util.ReasonCode;
import dev.sesame.wire.WireException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every reason code an event can carry is the one docs/HEADLESS.md promises, in the row of the
 * event that carries it. Reasons are enums from the link up to the interface; this keeps their
 * {@code code()} and the scripting contract from drifting apart.
 */
class ReasonCodesDocumentedTest {
    private static String row(String event) throws Exception {
        List<String> lines = Files.readAllLines(SesameProcess.projectRoot().resolve("docs/HEADLESS.md"));
        return lines.stream().filter(l -> l.startsWith("| `" + event + "`")).findFirst()
                .orElseThrow(() -> new AssertionError("no row for " + event + " in docs/HEADLESS.md"));
    }

    private static void assertDocumented(String event, Stream<? extends ReasonCode> codes) throws Exception {
        String row = row(event);
        List<String> missing = new ArrayList<>();
        codes.forEach(c -> {
            if (!row.contains("`" + c.code() + "`")) missing.add(c.code());
        });
        assertThat(missing).as("codes of %s events missing from docs/HEADLESS.md", event).isEmpty();
    }

    @Test
    void peerDownReasons() throws Exception {
        assertDocumented("peer_down", Arrays.stream(PeerDownReason.values()));
    }

    @Test
    void undeliveredReasons() throws Exception {
        assertDocumented("undelivered", Arrays.stream(UndeliveredReason.values()));
    }

    @Test
    void dialStopReasons() throws Exception {
        assertDocumented("dial", Arrays.stream(dev.sesame.mesh.DialStop.values()));
    }

    @Test
    void authenticationFailures() throws Exception {
        assertDocumented("auth_failed", Arrays.stream(HandshakeException.Reason.values()).filter(HandshakeException.Reason::authentication));
    }

    @Test
    void rejections() throws Exception {
        // Never shown: a refused dial is retried quietly; a ratchet closed under a link is our own
        // close; a leaving node refuses new links without a word.
        Set<ReasonCode> neverShown = Set.of(HandshakeException.Reason.REFUSED, RatchetException.Reason.CLOSED, Refusal.LEAVING);
        Stream<ReasonCode> codes = Stream.of(
                Arrays.stream(WireException.Reason.values()),
                Arrays.stream(RatchetException.Reason.values()),
                Arrays.stream(HandshakeException.Reason.values()).filter(r -> !r.authentication()),
                Arrays.stream(Refusal.values()),
                Stream.of(Fault.INTERNAL_ERROR)).flatMap(s -> s.map(ReasonCode.class::cast));
        assertDocumented("rejected", codes.filter(c -> !neverShown.contains(c)));
    }

    @Test
    void codesAreLowerCaseWords() {
        Stream.of(PeerDownReason.values(), UndeliveredReason.values(), WireException.Reason.values(),
                        RatchetException.Reason.values(), HandshakeException.Reason.values(), Refusal.values(), Fault.values())
                .flatMap(Arrays::stream)
                .forEach(c -> assertThat(((ReasonCode) c).code()).matches("[a-z][a-z_]*"));
    }
}
