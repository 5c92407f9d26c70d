package dev.sesame.ui.terminal;

import com.googlecode.lanterna.input.KeyStroke;
import dev.sesame.chat.ChatEvent;
import dev.sesame.chat.ChatService;
import dev.sesame.chat.Command;
import dev.sesame.chat.CommandParser;
import dev.sesame.link.TrafficShape;
import dev.sesame.util.Clock;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The full-screen chat: history with scrollback, status bar and input line, over the same
 * {@link ChatService} as headless mode. Built on Lanterna's text terminal (see docs/USAGE.md).
 *
 * <p>Threads: everything on screen belongs to the thread in {@link #run}. {@link #show} may be
 * called from any thread; it only queues. The {@link Keyboard} thread reads keys and queues them,
 * except F12, which it acts on itself so that a panic never waits behind anything.
 */
public final class TerminalUi {
    private static final long TICK_MILLIS = 1000;
    /** How often one frame takes in what its own batch caused before it is drawn. */
    private static final int LATE_ROUNDS = 4;
    private static final long WIPE_BUDGET_MILLIS = 150;
    private static final long KNOWN_QUERY_PATIENCE_SECONDS = 5;
    private static final List<Glyph> PROMPT = Glyph.of("> ", Style.PROMPT);

    private record Wake() {}

    private record KnownPeers(int count) {}

    private record StderrLine(String text) {}

    private final TerminalSession session;
    private final LinkedBlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
    private final Object paintLock = new Object();
    private final Clock clock;
    private final HistoryBuffer history = new HistoryBuffer();
    private final PeerDirectory peers = new PeerDirectory();
    private final SessionStatus status;
    private final EntryLayout layout;
    private final EventPresenter presenter;
    private final InputLine input = new InputLine();
    private final PastePrompt paste = new PastePrompt();
    private final LeaveGuard leaveGuard = new LeaveGuard();
    private final Attention attention = new Attention(System.nanoTime());
    private final PasteQueue queuedLines = new PasteQueue();
    private String shownTitle = "";
    private final ScreenPainter painter;
    private volatile boolean closed;
    private volatile int width = 80;
    /** When the last known-peers query went out (nanoTime), while it has no answer yet. */
    private java.util.OptionalLong knownQuerySent = java.util.OptionalLong.empty();
    private boolean completeRefresh;

    private TerminalUi(TerminalSession session, boolean decoy, TrafficShape shape, Clock clock, ZoneId zone) {
        this.session = session;
        this.clock = clock;
        this.status = new SessionStatus(decoy, shape);
        this.layout = new EntryLayout(peers, zone);
        this.presenter = new EventPresenter(history, peers, status, layout, clock, () -> width, input::forget);
        this.painter = new ScreenPainter(session.unicode());
        this.presenter.attention(attention, session::bell);
        this.width = session.screen().getTerminalSize().getColumns();
    }

    /**
     * Takes over the terminal (alternate screen, raw mode, Ctrl-C trapped). Call after anything
     * that reads from the terminal normally, such as the phrase prompt.
     *
     * @throws IOException if there is no usable terminal
     */
    public static TerminalUi open(boolean decoy, TrafficShape shape) throws IOException {
        return new TerminalUi(TerminalSession.open(), decoy, shape, Clock.SYSTEM, ZoneId.systemDefault());
    }

    /**
     * Before {@link #run}: paints the screen now with {@code what} in the status bar (the
     * phrase key and the identity take a second or two to make). The caller's thread paints;
     * call it before {@link #run} only.
     */
    public void busy(String what) throws IOException {
        status.busy = java.util.Optional.of(what);
        paint();
    }

    /** Queues an event for the screen. Thread-safe; never blocks. */
    public void show(ChatEvent event) {
        inbox.add(event);
    }

    /**
     * Runs the interface until the person leaves (Esc, Ctrl-C, {@code /quit}) or panics; returns
     * the exit code. The terminal is restored on every way out, exceptions included.
     */
    public int run(ChatService chat) {
        status.ttlSeconds = chat.ttl().map(java.time.Duration::toSeconds); // --ttl at start
        StderrCapture stderr = StderrCapture.install(line -> inbox.add(new StderrLine(line)));
        Exception failure = null;
        try {
            session.onResize(() -> inbox.add(new Wake()));
            Keyboard.start(session, inbox::add, chat::panic, () -> closed);
            return loop(chat);
        } catch (IOException | RuntimeException e) {
            failure = e;
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } finally {
            closed = true;
            synchronized (paintLock) {
                session.close();
            }
            stderr.uninstall(true);
            if (failure != null) {
                System.err.println("sesame: the terminal interface failed: " + failure);
                chat.quit(); // the screen is gone, but the others still deserve a goodbye
            }
        }
    }

    /** Closes the interface and restores the terminal if {@link #run} has not (safe to call twice). */
    public void close() {
        closed = true;
        synchronized (paintLock) {
            session.close();
        }
    }

    /**
     * For the panic action: erases the screen and the terminal's scrollback and restores the
     * terminal, from any thread. Nothing is drawn afterwards. Returns within
     * {@value #WIPE_BUDGET_MILLIS} ms even if the terminal does not take output (a frame stuck
     * half-written, a terminal gone): the caller's exit must not wait for it.
     */
    public void wipeScreenAndRestore() {
        closed = true;
        Thread wiper = Thread.ofPlatform().daemon().name("wipe").start(() -> {
            synchronized (paintLock) {
                session.wipeAndClose();
            }
        });
        try {
            wiper.join(WIPE_BUDGET_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private int loop(ChatService chat) throws IOException, InterruptedException {
        long nextTick = System.nanoTime();
        paint();
        while (true) {
            long wait = Math.max(0, TimeUnit.NANOSECONDS.toMillis(nextTick - System.nanoTime()));
            Object first = inbox.poll(wait, TimeUnit.MILLISECONDS);
            List<Object> batch = new ArrayList<>();
            if (first != null) batch.add(first);
            inbox.drainTo(batch);
            // What the batch itself caused on this thread, such as a line's sent event, goes into this
            // frame: at the batch's end the inbox is drained into it again, so the echo the sent event
            // replaces never leaves a frame without the line. A few rounds, since an Enter among the
            // late items causes its own; a bound, so that a flood still paints.
            int lateRounds = 0;
            for (int i = 0; i < batch.size(); i++) {
                if (handle(batch.get(i), chat) == ChatService.Next.EXIT) return 0;
                if (i == batch.size() - 1 && lateRounds++ < LATE_ROUNDS) inbox.drainTo(batch);
            }
            java.util.Optional<String> pasted = queuedLines.next(chat::roomToSay, () -> inbox.add(new Wake()));
            if (pasted.isPresent()) {
                chat.handle(new Command.Say(pasted.get())); // pasted: a message, never a command
                status.queuedLines = queuedLines.size();
                if (!queuedLines.isEmpty()) inbox.add(new Wake());
            }
            if (System.nanoTime() - nextTick >= 0) {
                tick(chat);
                nextTick = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TICK_MILLIS);
            }
            paint();
            if (!closed) acknowledgeShown(batch, chat);
        }
    }

    private ChatService.Next handle(Object item, ChatService chat) throws IOException {
        switch (item) {
            case ChatEvent event -> presenter.apply(event);
            case KeyStroke key -> {
                return onKey(key, chat);
            }
            case KnownPeers known -> {
                knownQuerySent = java.util.OptionalLong.empty();
                status.known = java.util.Optional.of(known.count());
            }
            case StderrLine line -> presenter.warning("(stderr) " + line.text());
            case Keyboard.Failed failed -> throw new IOException("cannot read the keyboard", failed.cause());
            default -> { } // Wake: only a repaint (after a resize)
        }
        return ChatService.Next.CONTINUE;
    }

    private ChatService.Next onKey(KeyStroke key, ChatService chat) throws IOException {
        attention.looked(System.nanoTime());
        if (key instanceof PasteMarker marker) {
            if (marker.isStart()) paste.start();
            else paste.end().ifPresent(input::paste);
            return ChatService.Next.CONTINUE;
        }
        KeyBindings.Action action = KeyBindings.of(key);
        if (paste.collecting()) { // inside a paste every key is text: nothing runs
            if (action == KeyBindings.Action.SUBMIT || action == KeyBindings.Action.NEWLINE) paste.add('\n');
            else if (key.getKeyType() == com.googlecode.lanterna.input.KeyType.Character) paste.add(key.getCharacter());
            else if (key.getKeyType() == com.googlecode.lanterna.input.KeyType.Tab) paste.add(' ');
            return ChatService.Next.CONTINUE;
        }
        if (paste.asking()) {
            switch (action) {
                case SUBMIT -> {
                    queuedLines.addAll(paste.asMessages());
                    status.queuedLines = queuedLines.size();
                }
                case NEWLINE -> chat.handle(new Command.Say(paste.joined()));
                case LEAVE -> {
                    paste.cancel();
                    presenter.notice("paste cancelled: nothing sent");
                }
                default -> { } // only the three choices
            }
            return ChatService.Next.CONTINUE;
        }
        if (action != KeyBindings.Action.LEAVE) leaveGuard.disarm();
        int page = Math.max(1, ScreenPainter.historyHeight(session.screen().getTerminalSize()) - 1);
        switch (action) {
            case TYPE -> input.type(key.getCharacter());
            case SUBMIT -> {
                return submit(chat);
            }
            case NEWLINE -> input.newline();
            case COMPLETE -> complete();
            case LEAVE -> {
                return leaveIfConfirmed(chat);
            }
            case PANIC -> {
                return chat.panic();
            }
            case SCROLL_BACK -> history.scrollBack(page);
            case SCROLL_FORWARD -> history.scrollForward(page);
            case LIVE -> {
                history.live();
                input.end();
            }
            case RECALL_PREVIOUS -> input.previous();
            case RECALL_NEXT -> input.next();
            case LEFT -> input.left();
            case RIGHT -> input.right();
            case HOME -> input.home();
            case END_OF_LINE -> input.end();
            case BACKSPACE -> input.backspace();
            case DELETE -> input.delete();
            case DELETE_TO_START -> input.deleteToStart();
            case DELETE_TO_END -> input.deleteToEnd();
            case DELETE_WORD -> input.deleteWordBack();
            case REDRAW -> completeRefresh = true;
            case IGNORE -> { }
        }
        return ChatService.Next.CONTINUE;
    }

    private void complete() {
        List<String> names = peers.linkedNames();
        Completion.complete(input.wordBeforeCursor(), input.atFirstWord(), dev.sesame.chat.CommandHelp.names(), names)
                .ifPresent(result -> {
                    input.replaceWordBeforeCursor(result.replacement());
                    if (!result.candidates().isEmpty()) presenter.notice(String.join("  ", result.candidates()));
                });
    }

    /** Esc, Ctrl-C, /quit: asks first when a draft or undelivered messages would be lost; twice leaves at once. */
    private ChatService.Next leaveIfConfirmed(ChatService chat) throws IOException {
        int waiting = history.count(e -> e.delivery().map(d -> d.waiting() > 0).orElse(false)) + queuedLines.size();
        java.util.Optional<String> question = leaveGuard.check(!input.text().isBlank(), waiting, System.nanoTime());
        if (question.isPresent()) {
            presenter.warning(question.get());
            return ChatService.Next.CONTINUE;
        }
        return leave(chat);
    }

    private ChatService.Next submit(ChatService chat) throws IOException {
        Command command = CommandParser.parse(input.text());
        if (command instanceof Command.Quit) return leaveIfConfirmedAfterSubmit(chat);
        String line = input.submit();
        if (line.isBlank()) return ChatService.Next.CONTINUE;
        history.live();
        switch (command) {
            case Command.Help help when help.topic().isEmpty() -> {
                presenter.notice(CommandParser.HELP + "\n" + KeyBindings.HELP);
                return ChatService.Next.CONTINUE;
            }
            case Command.Bell bell -> {
                attention.bell(bell.on());
                presenter.notice(bell.on() ? "the bell rings for mentions and private messages" : "the bell is off");
                return ChatService.Next.CONTINUE;
            }
            case Command.SetTimeSeconds time -> {
                layout.seconds(time.seconds());
                presenter.notice(time.seconds() ? "time stamps show seconds" : "time stamps show minutes");
                return ChatService.Next.CONTINUE;
            }
            case Command.Say say -> {
                // The line is drawn before the mesh takes it, which can take milliseconds (the ratchet
                // turns on the mesh thread): the person sees it the moment Enter is pressed. Drawing it
                // while the mesh works instead was measured slower on two cores (docs/ARCHITECTURE.md,
                // "Performance decisions").
                // Its target is the service's, which a /query just handled has already changed.
                presenter.echo(say.text(), chat.queryTarget());
                paint();
                try {
                    return chat.handle(command);
                } finally {
                    presenter.endEcho(); // its sent event (or an error) is already queued: the loop draws it next
                }
            }
            default -> {
                return chat.handle(command);
            }
        }
    }

    /** {@code /quit} typed: the line itself is not a draft to lose, and it stays typed if the guard asks. */
    private ChatService.Next leaveIfConfirmedAfterSubmit(ChatService chat) throws IOException {
        int waiting = history.count(e -> e.delivery().map(d -> d.waiting() > 0).orElse(false)) + queuedLines.size();
        java.util.Optional<String> question = leaveGuard.check(false, waiting, System.nanoTime());
        input.submit();
        if (question.isPresent()) {
            presenter.warning(question.get());
            return ChatService.Next.CONTINUE;
        }
        return leave(chat);
    }

    /** Goodbye to everyone; the screen says so while the goodbye is flushed (at most a second or two). */
    private ChatService.Next leave(ChatService chat) throws IOException {
        status.leaving = true;
        paint();
        chat.quit();
        return ChatService.Next.EXIT;
    }

    private static List<Glyph> fitted(List<Glyph> glyphs, int width) {
        List<Glyph> out = new ArrayList<>();
        int used = 0;
        for (Glyph g : glyphs) {
            if (used + g.width() > width) break;
            out.add(g);
            used += g.width();
        }
        return out;
    }

    private void tick(ChatService chat) {
        Instant now = clock.now();
        history.removeExpired(now); // the Expired event normally comes first; this is the backstop
        // One query at a time; a query to a mesh that was closed (a panic with rotate) never answers.
        long sent = knownQuerySent.orElse(Long.MIN_VALUE);
        if (knownQuerySent.isEmpty() || System.nanoTime() - sent > TimeUnit.SECONDS.toNanos(KNOWN_QUERY_PATIENCE_SECONDS)) {
            knownQuerySent = java.util.OptionalLong.of(System.nanoTime());
            chat.knownPeers().thenAccept(count -> inbox.add(new KnownPeers(count)));
        }
    }

    /**
     * Messages of this batch are in the history and the screen was drawn without error: their
     * senders may now get receipts (docs/SECURITY.md, "Honest ends"). A paint that fails throws
     * before this, so nothing unseen is acknowledged.
     */
    private static void acknowledgeShown(List<Object> batch, ChatService chat) {
        for (Object item : batch) {
            if (item instanceof ChatEvent.Message message) chat.displayed(message);
        }
    }

    private void paint() throws IOException {
        synchronized (paintLock) {
            if (closed) return;
            boolean resized = session.screen().doResizeIfNecessary() != null;
            var size = session.screen().getTerminalSize();
            width = Math.max(1, size.getColumns());
            Instant now = clock.now();
            int w = width;
            List<List<Glyph>> rows = history.visible(ScreenPainter.historyHeight(size), e -> layout.rows(e, w, now));
            InputLine.View view = paste.asking()
                    ? new InputLine.View(fitted(Glyph.of(Sanitizer.line(paste.question()), Style.STATUS_ALERT), w), 0)
                    : input.view(PROMPT, w);
            painter.paint(session.screen(), StatusBar.title(status, peers, w), rows, StatusBar.status(status, peers, history, w),
                    view, resized || completeRefresh);
            completeRefresh = false;
            String title = attention.title();
            if (!title.equals(shownTitle)) {
                shownTitle = title;
                session.title(title);
            }
        }
    }
}
