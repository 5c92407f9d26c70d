package dev.sesame.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sesame.limits.Limits;
import dev.sesame.link.PeerId;
import dev.sesame.transport.PipeSource;
import dev.sesame.util.Clock;
import dev.sesame.wire.HostPort;
import java.net.InetAddress;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AdmissionControlTest {
    private long now;
    private final Clock clock = new Clock() {
        @Override public long nanoTime() { return now; }
        @Override public Instant now() { return Instant.EPOCH; }
    };

    static PipeSource ip(int last) throws Exception {
        return PipeSource.Address.of(InetAddress.getByAddress(new byte[] {10, 0, 0, (byte) last}));
    }

    static PipeSource ip(String literal) throws Exception {
        return PipeSource.Address.of(InetAddress.getByName(literal));
    }

    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    static PeerId randomPeer() {
        byte[] id = new byte[32];
        RANDOM.nextBytes(id);
        return new PeerId(id);
    }

    /** A pending pipe (before TLS), or fails the test with the refusal. */
    static AdmissionTicket pending(AdmissionControl admission, PipeSource source) {
        AdmissionControl.Decision d = admission.admitIncoming(source);
        assertThat(d).as("admitted").isInstanceOf(AdmissionControl.Admitted.class);
        return ((AdmissionControl.Admitted) d).ticket();
    }

    /** A pipe whose TLS is up (a handshake slot and a guess token), or fails the test with the refusal. */
    static AdmissionTicket admit(AdmissionControl admission, PipeSource source) {
        AdmissionTicket ticket = pending(admission, source);
        assertThat(ticket.tlsDone(randomPeer())).as("handshake slot").isEmpty();
        return ticket;
    }

    /** Why a new pipe from {@code source} would be refused, at accept or once TLS is up; empty: it holds a slot now. */
    static Optional<String> refusal(AdmissionControl admission, PipeSource source) {
        return switch (admission.admitIncoming(source)) {
            case AdmissionControl.Refused(Refusal reason) -> Optional.of(reason.code());
            case AdmissionControl.Admitted(AdmissionTicket ticket) -> {
                Optional<String> late = ticket.tlsDone(randomPeer()).map(dev.sesame.util.ReasonCode::code);
                if (late.isPresent()) ticket.close();
                yield late;
            }
        };
    }

    /** A handshake that failed to authenticate: its token stays spent. */
    static void guessWrong(AdmissionControl admission, PipeSource source) {
        AdmissionTicket ticket = admit(admission, source);
        ticket.authenticationFailed();
        ticket.close();
    }

    @Test
    void failedAuthenticationsFromOneAddressAreThrottledThenRefillSlowly() throws Exception {
        AdmissionControl admission = new AdmissionControl(clock, 32, 8);
        PipeSource guesser = ip(1);
        for (int i = 0; i < Limits.AUTH_FAILURE_BURST; i++) guessWrong(admission, guesser);
        assertThat(refusal(admission, guesser)).contains("throttled");
        assertThat(refusal(admission, ip(2))).as("other addresses are not affected").isEmpty();
        now += Limits.AUTH_FAILURE_REFILL.toNanos() - 1;
        assertThat(refusal(admission, guesser)).contains("throttled");
        now += 1;
        guessWrong(admission, guesser);
        assertThat(refusal(admission, guesser)).contains("throttled");
    }

    @Test
    void failuresThatAreNotAuthenticationDoNotSpendTheBudget() throws Exception {
        AdmissionControl admission = new AdmissionControl(clock, 32, 8);
        for (int i = 0; i < 3 * Limits.AUTH_FAILURE_BURST; i++) admit(admission, ip(1)).close();
        assertThat(admission.handshakesInProgress()).isZero();
    }

    @Test
    void oneAddressMayHoldOnlySoManyLinksAndHandshakes() throws Exception {
        AdmissionControl admission = new AdmissionControl(clock, 32, 3);
        AdmissionTicket first = admit(admission, ip(1));
        AdmissionTicket second = admit(admission, ip(1));
        admit(admission, ip(1)).close();
        AdmissionTicket third = admit(admission, ip(1));
        assertThat(refusal(admission, ip(1))).contains("too_many_from_address");
        assertThat(first.becomeLink()).isTrue();
        second.close();
        AdmissionTicket fourth = admit(admission, ip(1));
        first.close(); // the link ends
        assertThat(refusal(admission, ip(1))).isEmpty();
        third.close();
        fourth.close();
    }

    @Test
    void thePeerCapRefusesNewLinksAndConnections() throws Exception {
        AdmissionControl admission = new AdmissionControl(clock, 2, 8);
        AdmissionTicket one = admission.openOutgoing(ip(1)).orElseThrow();
        assertThat(admission.openOutgoing(ip(2))).isPresent();
        assertThat(admission.full()).isTrue();
        assertThat(admission.openOutgoing(ip(3))).isEmpty();
        assertThat(refusal(admission, ip(4))).contains("too_many_peers");
        one.close();
        assertThat(refusal(admission, ip(4))).isEmpty();
    }

    @Test
    void anIncomingHandshakeThatFindsThePeerCapReachedReleasesEverything() throws Exception {
        AdmissionControl admission = new AdmissionControl(clock, 1, 8);
        AdmissionTicket incoming = admit(admission, ip(1));
        admission.openOutgoing(ip(2)).orElseThrow(); // the last peer slot goes meanwhile
        assertThat(incoming.becomeLink()).isFalse();
        assertThat(incoming.state()).isEqualTo(AdmissionTicket.State.RELEASED);
        assertThat(admission.handshakesInProgress()).isZero();
        incoming.close(); // nothing more to release
        assertThat(admission.linksOpen()).isEqualTo(1);
    }

    @Test
    void closingATicketTwiceReleasesOnce() throws Exception {
        AdmissionControl admission = new AdmissionControl(clock, 32, 8);
        AdmissionTicket handshake = admit(admission, ip(1));
        AdmissionTicket other = admit(admission, ip(1));
        handshake.close();
        handshake.close();
        assertThat(admission.handshakesInProgress()).as("the other handshake still counts").isEqualTo(1);
        assertThat(other.becomeLink()).isTrue();
        other.close();
        other.close();
        assertThat(admission.linksOpen()).isZero();
        assertThat(admission.handshakesInProgress()).isZero();
        // And the per-source counts are back to zero too: a full set of handshakes fits again.
        for (int i = 0; i < Limits.MAX_HANDSHAKES_PER_SOURCE; i++) admit(admission, ip(1));
        assertThat(refusal(admission, ip(1))).contains("busy_source");
    }

    @Test
    void aFailedGuessStaysSpentEvenWhenTheTicketIsClosedAgain() throws Exception {
        AdmissionControl admission = new AdmissionControl(clock, 32, 8);
        for (int i = 0; i < Limits.AUTH_FAILURE_BURST; i++) {
            AdmissionTicket t = admit(admission, ip(1));
            t.authenticationFailed();
            t.close();
            t.close();
        }
        assertThat(refusal(admission, ip(1))).contains("throttled");
    }

    @Test
    void ipv6SourcesAreWholeSlash64s() throws Exception {
        AdmissionControl admission = new AdmissionControl(clock, 1000, 1000);
        for (int i = 0; i < Limits.MAX_HANDSHAKES_PER_SOURCE; i++) admit(admission, ip("2001:db8:1:2::" + (i + 1)));
        assertThat(refusal(admission, ip("2001:db8:1:2:ffff::9"))).contains("busy_source");
        assertThat(refusal(admission, ip("2001:db8:1:3::1"))).as("another /64").isEmpty();
    }

    @Test
    void everyPipeThroughOneRelayIsOneSource() throws Exception {
        AdmissionControl admission = new AdmissionControl(clock, 1000, 1000);
        PipeSource relay = new PipeSource.Relay(new HostPort("relay.example", 9700));
        for (int i = 0; i < Limits.AUTH_FAILURE_BURST; i++) guessWrong(admission, new PipeSource.Relay(new HostPort("relay.example", 9700)));
        assertThat(refusal(admission, relay)).contains("throttled");
        assertThat(refusal(admission, new PipeSource.Relay(new HostPort("other.example", 9700)))).isEmpty();
        assertThat(refusal(admission, new PipeSource.Tor())).as("tor is its own source").isEmpty();
    }

    @Test
    void idleFullBudgetsAreForgotten() throws Exception {
        AdmissionControl admission = new AdmissionControl(clock, 1000, 1000);
        for (int i = 1; i <= 50; i++) {
            AdmissionTicket t = admit(admission, ip(i));
            if (i % 2 == 0) t.authenticationFailed();
            t.close();
        }
        admission.prune();
        assertThat(admission.trackedSources()).as("only the ones that failed to authenticate").isEqualTo(25);
        now += Limits.AUTH_FAILURE_REFILL.toNanos();
        admission.prune();
        assertThat(admission.trackedSources()).isZero();
    }

    @Test
    void concurrentHandshakesAreCapped() throws Exception {
        AdmissionControl admission = new AdmissionControl(clock, 1000, 1000);
        for (int i = 0; i < Limits.MAX_CONCURRENT_HANDSHAKES; i++) admit(admission, ip(i + 1));
        assertThat(refusal(admission, ip(200))).contains("busy");
    }

    @Test
    void pipesBeforeTlsHoldNoHandshakeSlotAndTheOldestMakesRoomWhenASourceIsFull() throws Exception {
        AdmissionControl admission = new AdmissionControl(clock, 32, 8);
        java.util.List<Boolean> aborted = new java.util.ArrayList<>();
        java.util.List<AdmissionTicket> silent = new java.util.ArrayList<>();
        for (int i = 0; i < Limits.MAX_PENDING_PER_SOURCE; i++) {
            int index = i;
            aborted.add(false);
            var d = admission.admitIncoming(ip(1), () -> aborted.set(index, true));
            silent.add(((AdmissionControl.Admitted) d).ticket());
        }
        assertThat(admission.handshakesInProgress()).isZero();
        // A real peer from the same address still gets in, and its TLS still gets a slot.
        AdmissionTicket real = admit(admission, ip(1));
        assertThat(aborted.getFirst()).as("the oldest silent pipe was dropped for it").isTrue();
        assertThat(silent.getFirst().evicted()).isTrue();
        assertThat(aborted.subList(1, aborted.size())).doesNotContain(true);
        assertThat(admission.pendingPipes()).isEqualTo(Limits.MAX_PENDING_PER_SOURCE - 1);
        real.close();
        for (AdmissionTicket t : silent) t.close();
        assertThat(admission.pendingPipes()).isZero();
    }

    @Test
    void aPendingPipeThatSentItsFirstByteOutlivesOlderSilentOnes() throws Exception {
        AdmissionControl admission = new AdmissionControl(clock, 32, 8);
        java.util.List<AdmissionTicket> silent = new java.util.ArrayList<>();
        AdmissionTicket talking = pending(admission, ip(1));
        talking.firstByte();
        for (int i = 1; i < Limits.MAX_PENDING_PER_SOURCE; i++) silent.add(pending(admission, ip(1)));
        pending(admission, ip(1)); // the source is full: someone goes
        assertThat(talking.evicted()).as("the oldest, but it has sent its ClientHello").isFalse();
        assertThat(silent.getFirst().evicted()).as("the oldest silent one").isTrue();
    }

    @Test
    void aStalledHandshakeLosesItsSlotToANewOneButAnAdvancingOneDoesNot() throws Exception {
        AdmissionControl admission = new AdmissionControl(clock, 32, 8);
        java.util.List<AdmissionTicket> held = new java.util.ArrayList<>();
        for (int i = 0; i < Limits.MAX_HANDSHAKES_PER_SOURCE; i++) held.add(admit(admission, ip(1)));
        assertThat(refusal(admission, ip(1))).as("nobody stalled yet").contains("busy_source");
        now += Limits.HANDSHAKE_STALL_EVICTABLE.toNanos();
        held.get(0).progressed();
        held.get(1).progressed();
        held.get(2).finishing(); // its FINISH is out: never evicted
        AdmissionTicket newcomer = admit(admission, ip(1));
        assertThat(held.get(3).evicted()).as("the one that went longest without a flight").isTrue();
        assertThat(held.subList(0, 3)).noneMatch(AdmissionTicket::evicted);
        assertThat(refusal(admission, ip(1))).contains("busy_source");
        newcomer.close();
        for (AdmissionTicket t : held) t.close();
        assertThat(admission.handshakesInProgress()).isZero();
    }

    @Test
    void whenEverySlotIsTakenASourceHoldingMoreGivesOneUpFirst() throws Exception {
        AdmissionControl admission = new AdmissionControl(clock, 1000, 1000);
        java.util.List<AdmissionTicket> greedy = new java.util.ArrayList<>();
        java.util.List<AdmissionTicket> modest = new java.util.ArrayList<>();
        for (int i = 0; i < Limits.MAX_CONCURRENT_HANDSHAKES / 2; i++) {
            greedy.add(admit(admission, ip(i + 1)));
            greedy.add(admit(admission, ip(i + 1)));
        }
        assertThat(refusal(admission, ip(200))).as("nobody stalled").contains("busy");
        now += Limits.HANDSHAKE_STALL_EVICTABLE.toNanos();
        modest.add(admit(admission, ip(200)));
        assertThat(greedy.stream().filter(AdmissionTicket::evicted).count()).isEqualTo(1);
        now += Limits.HANDSHAKE_STALL_EVICTABLE.toNanos();
        // ip(200) holds one now; it may take only from sources that hold more than one.
        modest.add(admit(admission, ip(201)));
        assertThat(modest.getFirst().evicted()).isFalse();
    }

    @Test
    void aPeerThatAlreadyAuthenticatedNeedsNoGuessTokenEvenWhenItsAddressIsThrottled() throws Exception {
        AdmissionControl admission = new AdmissionControl(clock, 32, 8);
        PeerId friend = randomPeer();
        AdmissionTicket first = pending(admission, ip(1));
        assertThat(first.tlsDone(friend)).isEmpty();
        assertThat(first.becomeLink()).isTrue();
        first.close(); // the link drops
        for (int i = 0; i < Limits.AUTH_FAILURE_BURST; i++) guessWrong(admission, ip(1));
        AdmissionTicket again = pending(admission, ip(1)); // a source someone linked from is not refused before TLS
        assertThat(again.tlsDone(friend)).as("the friend relinks").isEmpty();
        assertThat(refusal(admission, ip(1))).as("a stranger from there still pays").contains("throttled");
        again.close();
    }

    private static AdmissionTicket pending(AdmissionControl admission, PipeSource source, java.util.function.BooleanSupplier bytesWaiting) {
        var d = admission.admitIncoming(source, () -> {}, bytesWaiting);
        assertThat(d).as("admitted").isInstanceOf(AdmissionControl.Admitted.class);
        return ((AdmissionControl.Admitted) d).ticket();
    }

    @Test
    void aPendingPipeWhoseBytesWaitUnreadIsNotTakenForASilentOne() throws Exception {
        AdmissionControl admission = new AdmissionControl(clock, 32, 8);
        // A real peer's ClientHello has arrived, but the busy listener has not run its thread yet.
        AdmissionTicket unread = pending(admission, ip(1), () -> true);
        java.util.List<AdmissionTicket> silent = new java.util.ArrayList<>();
        for (int i = 1; i < Limits.MAX_PENDING_PER_SOURCE; i++) silent.add(pending(admission, ip(1), () -> false));
        pending(admission, ip(1), () -> false);
        assertThat(unread.evicted()).as("the oldest, but its bytes are waiting for us").isFalse();
        assertThat(silent.getFirst().evicted()).isTrue();
    }

    @Test
    void aPendingPipeThatKeepsUsWaitingMakesWayBeforeOneWeAreStillAnswering() throws Exception {
        AdmissionControl admission = new AdmissionControl(clock, 32, 8);
        java.util.List<AdmissionTicket> tickets = new java.util.ArrayList<>();
        for (int i = 0; i < Limits.MAX_PENDING_PER_SOURCE; i++) {
            AdmissionTicket t = pending(admission, ip(1), () -> false);
            t.firstByte();
            t.awaitingPeer();
            t.heardPeer(); // we are working on what it sent (TLS), not waiting for it
            tickets.add(t);
        }
        AdmissionTicket oldest = tickets.getFirst(); // say a real peer whose ClientHello we are still answering
        AdmissionTicket trickled = tickets.get(100);
        AdmissionTicket halfOpen = tickets.get(200);
        trickled.awaitingPeer();
        now += Limits.HANDSHAKE_STALL_EVICTABLE.toNanos();
        halfOpen.awaitingPeer(); // we answered its ClientHello just now
        pending(admission, ip(1), () -> false).firstByte();
        assertThat(trickled.evicted()).as("it kept us waiting 500 ms with nothing unread").isTrue();
        now += 1;
        pending(admission, ip(1), () -> false).firstByte();
        assertThat(halfOpen.evicted()).as("none stalled for long: the one keeping us waiting, however briefly").isTrue();
        assertThat(oldest.evicted()).isFalse();
        pending(admission, ip(1), () -> false).firstByte();
        assertThat(oldest.evicted()).as("nobody keeps us waiting: the oldest goes, as before").isTrue();
        assertThat(tickets.subList(1, 100)).noneMatch(AdmissionTicket::evicted);
    }

    @Test
    void aHandshakeThatWaitsForUsIsNotStalledHoweverLongItTakes() throws Exception {
        AdmissionControl admission = new AdmissionControl(clock, 32, 8);
        java.util.concurrent.atomic.AtomicBoolean unread = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.List<AdmissionTicket> held = new java.util.ArrayList<>();
        for (int i = 0; i < Limits.MAX_HANDSHAKES_PER_SOURCE; i++) {
            AdmissionTicket t = pending(admission, ip(1), i == 0 ? unread::get : () -> false);
            assertThat(t.tlsDone(randomPeer())).isEmpty();
            held.add(t);
        }
        held.get(0).awaitingPeer(); // its flight has arrived, but our thread has not run to read it
        unread.set(true);
        held.get(1).awaitingPeer(); // waiting for a peer that does not answer
        held.get(2).awaitingPeer();
        held.get(2).heardPeer(); // we are computing our answer to it
        // held.get(3) never read: TLS reported nothing yet; it goes by its last flight (tests of the old rule)
        held.get(3).progressed();
        now += Limits.HANDSHAKE_STALL_EVICTABLE.toNanos() * 4;
        held.get(3).progressed();
        AdmissionTicket newcomer = pending(admission, ip(1), () -> false);
        assertThat(newcomer.tlsDone(randomPeer())).isEmpty();
        assertThat(held.get(1).evicted()).as("the only one that kept us waiting").isTrue();
        assertThat(held.get(0).evicted()).isFalse();
        assertThat(held.get(2).evicted()).isFalse();
        assertThat(held.get(3).evicted()).isFalse();
        assertThat(refusal(admission, ip(1))).as("nobody else is stalled").contains("busy_source");
    }
}
