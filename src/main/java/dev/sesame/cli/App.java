package dev.sesame.cli;

import dev.sesame.chat.ChatEvent;
import dev.sesame.chat.ChatService;
import dev.sesame.chat.DisplayNameStore;
import dev.sesame.crypto.CryptoSelfTest;
import dev.sesame.crypto.PhraseKeys;
import dev.sesame.crypto.Secret;
import dev.sesame.crypto.SecretMemory;
import dev.sesame.link.Connector;
import dev.sesame.link.Identity;
import dev.sesame.link.TlsContext;
import dev.sesame.mesh.Mesh;
import dev.sesame.os.ProcessExit;
import dev.sesame.os.ProcessHardening;
import dev.sesame.os.TerminationSignals;
import dev.sesame.ui.headless.HeadlessOutput;
import dev.sesame.ui.headless.HeadlessUi;
import dev.sesame.ui.headless.JsonEventWriter;
import dev.sesame.ui.terminal.TerminalUi;
import dev.sesame.util.Clock;
import dev.sesame.tor.TorSession;
import dev.sesame.tor.TorSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import picocli.CommandLine;

/**
 * Wires one run of Sesame together: parse and check the command line, harden the process,
 * check the crypto, read the phrase and derive its key, build the identity, the mesh and the
 * chat core, then hand over to the chosen interface. Every exit path wipes secret memory.
 */
public final class App {
    /** Exit code for bad command-line input. */
    public static final int USAGE = 2;
    /** Exit code when stdout broke (its reader went away) in headless mode. */
    public static final int STDOUT_LOST = 3;

    private App() {}

    public static int run(String[] args) {
        // The raw stdout, not System.out: a PrintStream hides write errors, and a broken
        // stdout must end the node instead of being acknowledged (docs/SECURITY.md, "Honest ends").
        return run(args, new java.io.FileOutputStream(java.io.FileDescriptor.out));
    }

    /** As {@link #run(String[])}, with headless events written to {@code stdout} (tests run App in-process). */
    public static int run(String[] args, java.io.OutputStream stdout) {
        PrintStream err = System.err;
        Options options = new Options();
        CommandLine cli = new CommandLine(options);
        RelayOptions relayOptions = new RelayOptions();
        cli.addSubcommand("relay", relayOptions);
        try {
            CommandLine.ParseResult parsed = cli.parseArgs(args);
            if (parsed.subcommand() != null) return relay(cli.getSubcommands().get("relay"), parsed.subcommand(), relayOptions);
            if (parsed.isUsageHelpRequested()) {
                cli.usage(System.out);
                return 0;
            }
            if (parsed.isVersionHelpRequested()) {
                cli.printVersionHelp(System.out);
                return 0;
            }
        } catch (CommandLine.ParameterException e) {
            err.println("sesame: " + firstLine(e.getMessage()) + " (see --help)");
            return USAGE;
        }
        try {
            Optional<TorSettings> tor = TorOptions.of(options); // first: in --tor mode nothing may resolve a name
            return start(Validated.of(options), tor, stdout, err);
        } catch (UsageException e) {
            err.println("sesame: " + e.getMessage());
            return USAGE;
        } finally {
            SecretMemory.global().wipeAll();
        }
    }

    /** {@code sesame relay}: a different program in the same jar, with no phrase and no chat. */
    private static int relay(CommandLine cli, CommandLine.ParseResult parsed, RelayOptions options) {
        if (parsed.isUsageHelpRequested()) {
            cli.usage(System.out);
            return 0;
        }
        if (parsed.isVersionHelpRequested()) {
            cli.printVersionHelp(System.out);
            return 0;
        }
        return RelayMode.run(options, System.out, System.err);
    }

    private static int start(Validated given, Optional<TorSettings> tor, java.io.OutputStream stdout, PrintStream err) throws UsageException {
        Validated settings = tor.map(t -> TorWiring.adjust(given, t)).orElse(given);
        DisplayNameStore nameStore = settings.mode() == PhraseKeys.Mode.DECOY ? DisplayNameStore.disabled()
                : DisplayNameStore.forPlatform(System.getenv(), System.getProperty("os.name", ""), System.getProperty("user.home", "."));
        if (settings.forgetName()) {
            try {
                err.println(nameStore.forget() ? "sesame: saved display name removed" : "sesame: no saved display name");
                return 0;
            } catch (IOException e) {
                err.println("sesame: could not remove the saved name: " + e.getMessage());
                return 1;
            }
        }
        List<String> warnings = new ArrayList<>();
        ProcessHardening.Report hardening = ProcessHardening.apply();
        warnings.addAll(hardening.failed());
        // Exit paths that skip run()'s finally (SIGTERM, SIGINT, System.exit elsewhere) wipe too.
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("wipe-secrets").unstarted(SecretMemory.global()::wipeAll));
        SecretMemory.global().warmUp();
        SecretMemory.LockStatus lock = SecretMemory.global().lockStatus();
        lock.failure().ifPresent(f -> warnings.add("secrets are not locked in RAM (may reach swap): " + f));
        CryptoSelfTest.run();
        if (settings.phraseSource() instanceof Validated.PhraseSource.Argument) {
            err.println("sesame: warning: --phrase is visible in the process list and shell history;"
                    + " prefer the prompt, --phrase-file or --phrase-fd");
        }
        // Starting alone (no --peer), a typo in the phrase would never meet anyone: ask twice.
        boolean alone = settings.mesh().peers().isEmpty();
        Secret phrase = PhraseReader.read(settings.phraseSource(), System.console(), alone, warnings::add);
        // The terminal interface opens before the slow part, so that its status bar can say what is happening.
        TerminalUi early = null;
        if (!settings.headless()) {
            try {
                early = TerminalUi.open(settings.mode() == PhraseKeys.Mode.DECOY, settings.shape());
                early.busy("deriving the key from the phrase (Argon2id) and making keys...");
            } catch (IOException e) {
                phrase.close();
                err.println("sesame: " + e.getMessage());
                return 1;
            }
        }
        Secret phraseKey;
        try (phrase) {
            phraseKey = PhraseKeys.derive(phrase, settings.mode());
        } catch (RuntimeException | Error e) {
            if (early != null) early.close();
            throw e;
        }
        // Argon2id's 64 MiB are garbage now: collect them at once, so that the heap shrinks back and the
        // memory goes back to the system (the launcher's heap flags, README "Performance").
        System.gc();
        phraseKey.pin(); // survives a --panic rotate wipe: the node must still accept peers

        Optional<String> name = settings.displayName().or(nameStore::load);
        Optional<String> saveFailure = Optional.empty();
        if (settings.displayName().isPresent()) {
            try {
                nameStore.save(settings.displayName().get());
            } catch (IOException e) {
                saveFailure = Optional.of("could not save the display name: " + e.getMessage());
            }
        }
        SecureRandom random = new SecureRandom();
        Optional<String> room = RelayWiring.room(settings.relays(), random, err);
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("timer").factory());
        TorSession[] torSession = new TorSession[1];
        ChatService.MeshFactory meshes = events -> {
            Identity identity = Identity.generate(random);
            TlsContext tls = new TlsContext(identity, random);
            Mesh[] self = new Mesh[1];
            Connector connector = new Connector(identity, tls, phraseKey, () -> self[0].ownEndpoints(), settings.shape(), random, timer);
            self[0] = new Mesh(settings.mesh(), identity, connector, settings.shape(), Clock.SYSTEM, random, timer, events);
            room.ifPresent(roomName -> self[0].addTransport(RelayWiring.transport(settings.relays().relays(), roomName, self[0], random, timer)));
            if (torSession[0] != null) {
                self[0].addTransport(torSession[0].transport().meshView());
                self[0].useOnlyAddedTransports(); // --tor: no direct TCP at all (docs/SECURITY.md "Tor")
            }
            return self[0];
        };
        ChatService.Settings chatSettings = new ChatService.Settings(settings.mode().label(), settings.shape(),
                settings.ttl(), settings.rotateOnPanic(), lock.locked(), warnings);
        try {
            if (settings.headless()) {
                JsonEventWriter out = new JsonEventWriter(stdout, Clock.SYSTEM);
                if (tor.isPresent()) {
                    Optional<TorSession> session = TorWiring.start(tor.get(), out::write, random);
                    if (session.isEmpty()) return 1;
                    torSession[0] = session.get();
                }
                Departure[] departure = new Departure[1];
                HeadlessOutput sink = new HeadlessOutput(out, e -> departure[0].leave("stdout is closed (" + e.getCause().getMessage() + ")", STDOUT_LOST));
                ChatService chat = new ChatService(chatSettings, meshes, nameStore, name, sink, timer, App::panicExit);
                sink.attach(chat);
                departure[0] = new Departure(chat, () -> { }, err);
                chat.start();
                onSignals(departure[0], err);
                saveFailure.ifPresent(f -> sink.accept(new ChatEvent.Error(f)));
                return new HeadlessUi(chat, System.in, out).run();
            }
            // The phrase has been read above: only then did the interface take the terminal over.
            TerminalUi ui = early;
            List<ChatEvent> torEvents = new ArrayList<>();
            if (tor.isPresent()) { // tor's progress in the status bar while it bootstraps and publishes
                Optional<TorSession> session = TorWiring.start(tor.get(), e -> {
                    if (e instanceof ChatEvent.Tor t && t.kind() == ChatEvent.Tor.Kind.BOOTSTRAP) TorWiring.busy(ui, t);
                    else torEvents.add(e);
                }, random);
                if (session.isEmpty()) {
                    ui.close();
                    torEvents.forEach(e -> err.println("sesame: " + TorWiring.line((ChatEvent.Tor) e)));
                    return 1;
                }
                torSession[0] = session.get();
            }
            try {
                Consumer<ChatEvent> sink = ui::show;
                ChatService chat = new ChatService(chatSettings, meshes, nameStore, name, sink, timer, () -> {
                    SecretMemory.global().wipeAll();
                    ui.wipeScreenAndRestore();
                    ProcessExit.now(0);
                });
                torEvents.forEach(ui::show);
                if (torSession[0] != null) TorWiring.reportTo(torSession[0], ui::show);
                chat.start();
                onSignals(new Departure(chat, ui::close, err), err);
                saveFailure.ifPresent(f -> ui.show(new ChatEvent.Error(f)));
                return ui.run(chat);
            } finally {
                ui.close(); // restores the terminal before any error below is printed
            }
        } catch (java.net.BindException e) {
            err.println("sesame: cannot listen on port " + settings.mesh().port() + ": " + e.getMessage()
                    + " (another program uses it? try --port)");
            return 1;
        } catch (IOException e) {
            err.println("sesame: " + e.getMessage());
            return 1;
        } finally {
            if (torSession[0] != null) torSession[0].close(); // removes the onion; an own tor exits, its directory goes
            phraseKey.close();
        }
    }

    /**
     * SIGTERM, SIGINT and SIGHUP leave like /quit: goodbye, wipe, exit 128 + the signal's number.
     * A second SIGTERM or SIGINT exits at once; a second SIGHUP does not, since a closing terminal
     * sends two ({@link Departure#leaveOnce}).
     */
    private static void onSignals(Departure departure, PrintStream err) {
        List<TerminationSignals.Name> unhandled = TerminationSignals.handle(signal -> {
            if (signal == TerminationSignals.Name.HUP) departure.leaveOnce(signal.label() + " received", signal.exitCode());
            else departure.leave(signal.label() + " received", signal.exitCode());
        });
        for (TerminationSignals.Name signal : unhandled) {
            err.println("sesame: warning: " + signal.label() + " cannot be caught here; it ends the process without a goodbye");
        }
    }

    /**
     * Panic in headless mode: wipe every secret (again: {@link ChatService#panic()} already did)
     * and end the process at once, without a word to anyone ({@link ProcessExit}: no shutdown
     * hooks, no finalisation, nothing that could write or wait).
     */
    private static void panicExit() {
        SecretMemory.global().wipeAll();
        ProcessExit.now(0);
    }

    private static String firstLine(String message) {
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
