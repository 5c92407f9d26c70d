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
import dev.sesame.ui.headless.HeadlessUi;
import dev.sesame.ui.headless.JsonEventWriter;
import dev.sesame.ui.terminal.TerminalUi;
import dev.sesame.util.Clock;
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

    private App() {}

    public static int run(String[] args) {
        PrintStream err = System.err;
        Options options = new Options();
        CommandLine cli = new CommandLine(options);
        try {
            CommandLine.ParseResult parsed = cli.parseArgs(args);
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
            return start(Validated.of(options), err);
        } catch (UsageException e) {
            err.println("sesame: " + e.getMessage());
            return USAGE;
        } finally {
            SecretMemory.global().wipeAll();
        }
    }

    private static int start(Validated settings, PrintStream err) throws UsageException {
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
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("timer").factory());
        ChatService.MeshFactory meshes = events -> {
            Identity identity = Identity.generate(random);
            TlsContext tls = new TlsContext(identity, random);
            Mesh[] self = new Mesh[1];
            Connector connector = new Connector(identity, tls, phraseKey, () -> self[0].ownEndpoints(), settings.shape(), random, timer);
            self[0] = new Mesh(settings.mesh(), identity, connector, settings.shape(), Clock.SYSTEM, random, timer, events);
            return self[0];
        };
        ChatService.Settings chatSettings = new ChatService.Settings(settings.mode().label(), settings.shape(),
                settings.ttl(), settings.rotateOnPanic(), lock.locked(), warnings);
        try {
            if (settings.headless()) {
                JsonEventWriter out = new JsonEventWriter(System.out, Clock.SYSTEM);
                ChatService chat = new ChatService(chatSettings, meshes, nameStore, name, out::write, timer, App::panicExit);
                chat.start();
                saveFailure.ifPresent(f -> out.write(new ChatEvent.Error(f)));
                return new HeadlessUi(chat, System.in, out).run();
            }
            // The phrase has been read above: only then did the interface take the terminal over.
            TerminalUi ui = early;
            try {
                Consumer<ChatEvent> sink = ui::show;
                ChatService chat = new ChatService(chatSettings, meshes, nameStore, name, sink, timer, () -> {
                    SecretMemory.global().wipeAll();
                    ui.wipeScreenAndRestore();
                    ProcessExit.now(0);
                });
                chat.start();
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
            phraseKey.close();
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
