package dev.sesame.limits;

import java.time.Duration;

/**
 * Every size, count and time limit in Sesame, in one place, so that a reviewer can check them
 * together and a change to one is a change to the protocol document too ({@code docs/PROTOCOL.md}).
 *
 * <p>Limits on untrusted input are checked before any memory is allocated for it.
 */
public final class Limits {
    private Limits() {}

    // ---- Wire: cells (protocol-notes §7) ----
    /** Every cell on the wire after the TLS handshake has exactly this many bytes. */
    public static final int CELL_BYTES = 512;
    /** Cell header: version (1), type (1), flags (1), payload length (2). */
    public static final int CELL_HEADER_BYTES = 5;
    public static final int CELL_PAYLOAD_BYTES = CELL_BYTES - CELL_HEADER_BYTES;
    /** Largest reassembled handshake message. */
    public static final int MAX_HANDSHAKE_MESSAGE_BYTES = 8 * 1024;
    /** Largest reassembled ratchet record (header + ciphertext + tag). */
    public static final int MAX_RECORD_BYTES = 64 * 1024;

    // ---- Chat payloads inside the ratchet ----
    /** Longest chat text, in UTF-8 bytes. */
    public static final int MAX_TEXT_BYTES = 16 * 1024;
    /** Longest display name, in UTF-8 bytes after sanitising. */
    public static final int MAX_NAME_BYTES = 64;
    /**
     * Widest a name is drawn, in terminal columns; a longer one is cut (and tagged with its
     * fingerprint), so that a message's continuation rows always have room to be indented
     * under it (docs/SECURITY.md, "Names").
     */
    public static final int MAX_NAME_COLUMNS = 20;
    /**
     * Names of one peer the terminal remembers from this run (a look-alike of any of them is
     * tagged); the oldest is forgotten first, so a member renaming in a loop costs bounded time.
     */
    public static final int MAX_REMEMBERED_NAMES_PER_PEER = 16;
    /** Most peers one PEERS announcement may list; more is a protocol violation. */
    public static final int MAX_ANNOUNCED_PEERS = 64;
    /** Longest host string in a PEERS entry (an IP literal; 45 covers IPv6 with a scope). */
    public static final int MAX_HOST_BYTES = 64;
    /**
     * Most endpoints one node announces for itself in HELLO, or for one peer in PEERS
     * ({@code docs/PROTOCOL.md} §Endpoints). With {@link #MAX_HOST_BYTES} this keeps the largest
     * PEERS (64 peers, 4 relayed endpoints each) near 40 KiB, under {@link #MAX_RECORD_BYTES}.
     */
    public static final int MAX_ENDPOINTS = 4;

    // ---- Double Ratchet (protocol-notes §6) ----
    /** Most message keys one record may make us skip in a single chain. */
    public static final int MAX_SKIP_PER_CHAIN = 1000;
    /** Most skipped message keys kept per link; the oldest are evicted first. */
    public static final int MAX_SKIPPED_KEYS = 2000;
    /** Remote ratchet keys remembered to recognise a stale chain. */
    public static final int MAX_REMEMBERED_RATCHET_KEYS = 64;

    // ---- Timeouts of the link phases (protocol-notes §3) ----
    public static final Duration TCP_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration TLS_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration PAKE_TIMEOUT = Duration.ofSeconds(15);

    // ---- Mesh (protocol-notes §8) ----
    public static final int DEFAULT_MAX_PEERS = 32;
    public static final int DEFAULT_MAX_LINKS_PER_ADDRESS = 8;
    /** Incoming handshakes running at once; more incoming connections are refused ("busy"). */
    public static final int MAX_CONCURRENT_HANDSHAKES = 64;
    /**
     * Incoming handshakes running at once from one source (an IPv4 address or an IPv6 /64), so
     * that a few sources holding silent connections cannot take every slot.
     */
    public static final int MAX_HANDSHAKES_PER_SOURCE = 4;

    // ---- Junk connections at the listener (docs/SECURITY.md §Junk connections) ----
    /**
     * An incoming pipe must send its first byte within this, or it is dropped ({@code timeout});
     * no TLS state exists for it until then. Much shorter than {@link #TLS_HANDSHAKE_TIMEOUT}.
     */
    public static final Duration FIRST_BYTE_TIMEOUT = Duration.ofSeconds(1);
    /**
     * Incoming pipes still before or inside TLS, from one source: they hold no handshake slot
     * (those are taken once TLS is up). When full, the source's oldest is dropped ({@code evicted}).
     */
    public static final int MAX_PENDING_PER_SOURCE = 256;
    /** Incoming pipes before or inside TLS in all; when full, the oldest of the source holding the most is dropped. */
    public static final int MAX_PENDING = 1024;
    /**
     * The TCP listen backlog: connections the kernel completes before the accept loop takes
     * them. Deep enough that a burst of junk does not make the kernel drop a real peer's SYN
     * (which would cost it a 1 s retransmission); the kernel caps it at {@code somaxconn}.
     */
    public static final int ACCEPT_BACKLOG = 1024;
    /**
     * A handshake that has not advanced for this long (no new flight) may lose its slot to a new
     * one that needs it ({@code evicted}); one whose FINISH is out never does.
     */
    public static final Duration HANDSHAKE_STALL_EVICTABLE = Duration.ofMillis(500);
    /** Peer ids that authenticated in this run, remembered so they link without a guess token. */
    public static final int MAX_REMEMBERED_PEERS = 1024;
    /** Discovered addresses dialled at once. */
    public static final int MAX_CONCURRENT_DIALS = 4;
    /** Dials to announced (not configured) addresses: a burst of this many ... */
    public static final int ANNOUNCED_DIAL_BURST = 16;
    /** ... then one more per this interval, so a lying member cannot turn us into a scanner. */
    public static final Duration ANNOUNCED_DIAL_REFILL = Duration.ofMillis(500);
    /** Discovered candidates remembered in all. */
    public static final int MAX_KNOWN_CANDIDATES = 256;
    public static final Duration BACKOFF_MIN = Duration.ofSeconds(1);
    public static final Duration BACKOFF_MAX = Duration.ofSeconds(60);
    /**
     * The longest redial delay after the far end took our connection but dropped it before the
     * handshake finished (a listener under junk is busy or evicted us: docs/SECURITY.md §Junk
     * connections), so that a peer is back within this long once an attack ends. A wrong phrase
     * still backs off to {@link #BACKOFF_MAX}.
     */
    public static final Duration BACKOFF_MAX_WHEN_DROPPED = Duration.ofSeconds(2);
    /** Failed authentications tolerated from one address before it is throttled. */
    public static final int AUTH_FAILURE_BURST = 5;
    /** One more failure allowed per this interval once the burst is spent. */
    public static final Duration AUTH_FAILURE_REFILL = Duration.ofSeconds(10);

    /**
     * Tasks waiting for the mesh thread; a link reader (or any thread but the mesh thread) that
     * posts while it is full waits for room, which stops it reading its connection.
     */
    public static final int MAX_MESH_QUEUE = 4096;

    // ---- Delivery ----
    /**
     * A whole outbox: messages to one peer not acknowledged yet. A sender waits for room while a
     * recipient that keeps up has this many; a recipient with this many that has stalled is
     * skipped ({@code outbox_full}; docs/HEADLESS.md, "Back-pressure").
     */
    public static final int MAX_OUTBOX_PER_PEER = 256;
    /** A peer with a full outbox that acknowledged nothing for this long is no longer waited for. */
    public static final Duration PEER_STALLED_AFTER = Duration.ofSeconds(10);
    /** Senders waiting for room at once (a UI thread each; more is a bug). */
    public static final int MAX_ROOM_WAITERS = 64;
    public static final Duration DEFAULT_DELIVERY_TIMEOUT = Duration.ofMinutes(2);
    /** Message ids remembered per peer to drop duplicates. */
    public static final int MAX_REMEMBERED_MESSAGE_IDS = 4096;
    /**
     * Entries in the peer table (every member authenticated in this run, linked or not). Churn
     * adds one per new PeerId; at the bound, the peer down longest with nothing pending for it is
     * forgotten, and a new peer is refused (too_many_peers) while none can be (docs/SECURITY.md,
     * "Failure policy").
     */
    public static final int MAX_PEER_TABLE = 128;
    /**
     * PeerIds forgotten from the peer table that stay refused ({@code forgotten}) for the rest of
     * the run, so a message they resend is never shown twice. 16 bytes each; past the bound the
     * oldest goes.
     */
    public static final int MAX_FORGOTTEN_PEERS = 65_536;
    /**
     * How long a peer whose link was closed as a duplicate (REPLACED) stays "up" while the
     * winning link finishes its handshake on our side.
     */
    public static final Duration REPLACEMENT_GRACE = Duration.ofSeconds(20);
    /** Time GOODBYE gets to reach the wire before the process exits anyway. */
    public static final Duration GOODBYE_FLUSH_TIMEOUT = Duration.ofMillis(1500);

    /**
     * Received messages handed to the interface whose receipt waits for them to be shown; an
     * interface that stops showing cannot make this grow (docs/SECURITY.md, "Honest ends").
     */
    public static final int MAX_UNSHOWN_MESSAGES = 4096;

    /**
     * Messages from one link that may wait for the mesh thread; the link's reader blocks beyond
     * this, so a flooding member slows only itself (docs/SECURITY.md, "Failure policy").
     */
    public static final int MAX_WAITING_MESSAGES_PER_LINK = 64;

    // ---- Honest ends (docs/SECURITY.md) ----
    /** After SIGTERM, SIGINT or SIGHUP, the goodbye and the wipe get this long before the process ends anyway. */
    public static final Duration SIGNAL_LEAVE_BUDGET = Duration.ofSeconds(4);

    // ---- Disappearing messages ----
    public static final Duration MIN_TTL = Duration.ofSeconds(5);
    public static final Duration MAX_TTL = Duration.ofHours(24);

    // ---- Cover traffic (protocol-notes §7) ----
    public static final Duration DEFAULT_COVER_INTERVAL = Duration.ofMillis(100);
    public static final Duration MIN_COVER_INTERVAL = Duration.ofMillis(10);
    public static final Duration MAX_COVER_INTERVAL = Duration.ofSeconds(10);
    /** Ticks without any cell after which a link is declared dead. */
    public static final int DEAD_AFTER_SILENT_TICKS = 30;
    /** With cover traffic off, an idle link still sends a padding cell this often. */
    public static final Duration KEEPALIVE_INTERVAL = Duration.ofSeconds(5);
    /** Cells queued per link before senders are refused (back-pressure). */
    public static final int MAX_QUEUED_CELLS = 4096;
    /** Message ids in one RECEIPTS message: with its header and tag the record still fits one cell. */
    public static final int MAX_RECEIPTS_PER_RECORD = 24;
    /**
     * A link sends its next batch of receipts no sooner than this after the last one (the first
     * after a pause goes at once). Every batch turns the Double Ratchet on both sides (a key
     * generation and two X25519 agreements each, about 0.7 ms on a busy core), so in a burst
     * this caps the turns at 40 a second per link, plus one per {@link #RECEIPTS_FOR_AN_EARLY_BATCH}
     * receipts; at 5 ms, JFR still found a third of a
     * receiver's samples in X25519. A lone message's receipt is not delayed.
     */
    public static final Duration RECEIPT_SPACING = Duration.ofMillis(25);
    /**
     * This many waiting receipts leave at once, without waiting out {@link #RECEIPT_SPACING}.
     * A sender may have at most {@link #MAX_OUTBOX_PER_PEER} messages unacknowledged, so
     * receipts held 25 ms capped a link at 256 messages per 25 ms (10,240 a second) however
     * fast both ends were; a batch this large still turns the ratchet only once per 96 messages.
     */
    public static final int RECEIPTS_FOR_AN_EARLY_BATCH = 4 * MAX_RECEIPTS_PER_RECORD;
    /** Receipts a link holds while they wait for its writer to batch them; more are refused like a full queue. */
    public static final int MAX_UNSENT_RECEIPTS = 4096;

    // ---- Local input ----
    /** Longest line read from stdin in headless mode, in chars. */
    public static final int MAX_INPUT_LINE_CHARS = 64 * 1024;
    /** Longest phrase accepted, in UTF-8 bytes. */
    public static final int MAX_PHRASE_BYTES = 1024;

    // ---- Relay (docs/PROTOCOL.md, "Relay") ----
    /** Default TCP port of {@code sesame relay}. */
    public static final int RELAY_DEFAULT_PORT = 9700;
    /** Largest relay control record body; a longer length prefix closes the connection before any allocation. */
    public static final int RELAY_MAX_RECORD_BYTES = 1100;
    /** Connections the relay holds at once, in all (each costs one virtual thread and TLS buffers). */
    public static final int RELAY_MAX_CONNECTIONS = 2048;
    /** Connections the relay holds at once from one source (an IPv4 address or an IPv6 /64). */
    public static final int RELAY_MAX_CONNECTIONS_PER_SOURCE = 48;
    /** Rooms the relay holds at once. */
    public static final int RELAY_MAX_ROOMS = 512;
    /** Members in one room; a presence record lists at most this many minus one. */
    public static final int RELAY_MAX_MEMBERS_PER_ROOM = 64;
    /** Pipes (pending or spliced) one member takes part in at once. */
    public static final int RELAY_MAX_PIPES_PER_MEMBER = 40;
    /** From TCP accept to REGISTER or SPLICE received (TLS included): a silent or slow client is dropped then. */
    public static final Duration RELAY_REGISTER_DEADLINE = Duration.ofSeconds(10);
    /**
     * Bytes the relay reads from a pipe connection before it is spliced: the one SPLICE record.
     * Anything a client sends after it waits in TCP buffers (never in relay memory) until the splice.
     */
    public static final int RELAY_MAX_BYTES_BEFORE_SPLICE = 3 + 17;
    /** A pipe whose two ends have not both arrived by then is dropped (requester told PIPE_TIMEOUT). */
    public static final Duration RELAY_PENDING_PIPE_TIMEOUT = Duration.ofSeconds(15);
    /** A control connection with no record for this long, or a pipe with no byte either way, is closed. */
    public static final Duration RELAY_IDLE_TIMEOUT = Duration.ofSeconds(60);
    /** Members send KEEPALIVE on their control connection this often (well inside the idle timeout). */
    public static final Duration RELAY_KEEPALIVE_INTERVAL = Duration.ofSeconds(15);
    /**
     * Bytes per second per pipe and direction. Cover traffic is 10 cells/s, about 5.6 kB/s with
     * TLS framing twice over; this leaves 45x for bursts. Above it the relay slows the sender
     * down (reads later), it never drops.
     */
    public static final int RELAY_PIPE_BYTES_PER_SECOND = 256 * 1024;
    /** Burst allowance of the per-pipe rate: a 16 KiB message and a catch-up of queued cells pass at once. */
    public static final int RELAY_PIPE_BURST_BYTES = 1024 * 1024;
    /** Pipe requests from one client source: a burst of this many (a node joining a full room) ... */
    public static final int RELAY_PIPE_REQUEST_BURST = 64;
    /** ... then one more per this interval. */
    public static final Duration RELAY_PIPE_REQUEST_REFILL = Duration.ofSeconds(1);
    /**
     * Pipe requests from one client source to one member: a burst of this many, then one more per
     * {@link #RELAY_PIPE_REQUEST_TO_MEMBER_REFILL}. Slower than the listener's guess budget refills
     * ({@link #AUTH_FAILURE_REFILL}), so one stranger in a room cannot spend the budget that all
     * pipes through this relay share at that member (docs/SECURITY.md, "Relay").
     */
    public static final int RELAY_PIPE_REQUEST_TO_MEMBER_BURST = 2;
    public static final Duration RELAY_PIPE_REQUEST_TO_MEMBER_REFILL = Duration.ofSeconds(30);
    /** How often the relay console prints its counts (only when they changed). */
    public static final Duration RELAY_CONSOLE_INTERVAL = Duration.ofSeconds(5);
    /** Reconnect backoff of a member's control connection to a relay. */
    public static final Duration RELAY_RECONNECT_MIN = Duration.ofMillis(500);
    public static final Duration RELAY_RECONNECT_MAX = Duration.ofSeconds(30);

    // ---- Tor (docs/PROTOCOL.md "Tor transport", docs/USAGE.md "Over Tor") ----
    /** Longest destination name in a SOCKS5 request (RFC 1928: one length byte). */
    public static final int MAX_SOCKS_HOST_BYTES = 255;
    /** Longest line tor's control port may send us; longer is a protocol violation. */
    public static final int MAX_TOR_CONTROL_LINE_BYTES = 16 * 1024;
    /** Most lines in one control-port reply (a multi-line GETINFO answer included). */
    public static final int MAX_TOR_CONTROL_REPLY_LINES = 512;
    /** Asynchronous control-port events queued for the event thread before tor is read no further. */
    public static final int MAX_TOR_QUEUED_EVENTS = 1024;
    /** Longest cookie file tor may point us at (tor's is exactly 32 bytes). */
    public static final int TOR_COOKIE_BYTES = 32;
    /** A control-port command's reply must arrive within this. */
    public static final Duration TOR_CONTROL_REPLY_TIMEOUT = Duration.ofSeconds(30);
    /** Default: tor must reach 100% bootstrap within this (a cold start on the real network: ~10-60 s). */
    public static final Duration DEFAULT_TOR_BOOTSTRAP_TIMEOUT = Duration.ofMinutes(5);
    /** Default: the onion service descriptor must be uploaded within this after ADD_ONION. */
    public static final Duration DEFAULT_TOR_DESCRIPTOR_TIMEOUT = Duration.ofMinutes(3);
    /** Default: a dial through tor (SOCKS5 until CONNECTED: descriptor fetch, rendezvous) within this. */
    public static final Duration DEFAULT_TOR_DIAL_TIMEOUT = Duration.ofSeconds(120);
    public static final Duration MIN_TOR_TIMEOUT = Duration.ofSeconds(1);
    public static final Duration MAX_TOR_TIMEOUT = Duration.ofMinutes(30);
    /**
     * Default in {@code --tor} mode: a link is dead after this long without a cell. Tor circuits
     * stall for several seconds at times; a direct link's 30 silent ticks would flap.
     */
    public static final Duration DEFAULT_TOR_SILENCE_TIMEOUT = Duration.ofSeconds(45);
    /** How long an own tor gets to exit after its controller hangs up, before it is killed. */
    public static final Duration OWN_TOR_STOP_TIMEOUT = Duration.ofSeconds(5);

    // ---- Interface (issue 11) ----
    /** Sources and reasons counted separately for grouped "refused"/"phrase does not match" lines; more share one group. */
    public static final int MAX_NOTICE_GROUPS = 256;
    /**
     * At most one {@code rejected} event per source and reason in this interval; the refusals in
     * between are reported together at its end (docs/SECURITY.md §Junk connections), so junk
     * cannot make a node write an event per connection.
     */
    public static final Duration NOISE_EVENT_INTERVAL = Duration.ofSeconds(1);
    /** History lines about strangers (refused or failed connections) kept, apart from the chat lines' own room. */
    public static final int MAX_NOISE_ENTRIES = 100;
    /** Characters of one bracketed paste kept; the rest is dropped, and the prompt says so. */
    public static final int MAX_PASTE_CHARS = 64 * 1024;
    /** Tagged commands whose message ids are remembered, so later receipts carry the tag (headless). */
    public static final int MAX_TAGGED_MESSAGES = 4096;
    /** Dial targets from {@code --peer} and {@code /connect} together. */
    public static final int MAX_CONFIGURED_TARGETS = 64;
    /** Longest {@code tag} in a headless JSON command, in chars. */
    public static final int MAX_TAG_CHARS = 128;
}
