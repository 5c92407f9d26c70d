package dev.sesame.ui.headless;

import dev.sesame.chat.ChatService;
import dev.sesame.chat.Command;
import dev.sesame.chat.CommandParser;
import dev.sesame.limits.Limits;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.ExecutionException;

/**
 * Headless mode: one command per stdin line in, one JSON event per stdout line out. End of
 * input is the same as {@code /quit}. A line longer than {@link Limits#MAX_INPUT_LINE_CHARS}
 * is refused with an error event instead of being buffered. A line to everyone is read only
 * once there is room for it in the outboxes (back-pressure, {@link #awaitRoom}).
 */
public final class HeadlessUi {
    private final ChatService chat;
    private final LineReader lines;
    private final JsonEventWriter output;
    private final EventTags tags = new EventTags();

    public HeadlessUi(ChatService chat, InputStream input, JsonEventWriter output) {
        this.chat = chat;
        this.lines = new LineReader(new InputStreamReader(input, StandardCharsets.UTF_8));
        this.output = output;
        output.tags(tags);
    }

    /** Runs until {@code /quit}, end of input or a panic; returns the exit code. */
    public int run() throws IOException {
        while (true) {
            Optional<String> line = readLine();
            if (line.isEmpty()) {
                chat.quit();
                return 0;
            }
            if (line.get().isBlank()) continue;
            if (TaggedCommand.looksLikeJson(line.get())) {
                if (runTagged(line.get()) == ChatService.Next.EXIT) return 0;
                continue;
            }
            Command command = CommandParser.parse(line.get());
            if (command instanceof Command.Say) awaitRoom();
            if (chat.handle(command) == ChatService.Next.EXIT) return 0;
        }
    }

    /**
     * Back-pressure (docs/HEADLESS.md): while every recipient's outbox is full, stdin is not
     * read, as a pipe would block its writer. If the mesh closed meanwhile, the line goes on to
     * {@link ChatService#handle}, which reports that.
     */
    private void awaitRoom() {
        try {
            chat.roomToSay().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            // closed under us: handle() says what became of the line
        }
    }

    /** A {@code {"tag":..,"cmd":..}} line: the command runs, and the events it causes carry the tag. */
    private ChatService.Next runTagged(String line) {
        return switch (TaggedCommand.parse(line)) {
            case TaggedCommand.Parsed.Refused refused -> {
                output.write(new dev.sesame.chat.ChatEvent.Error(refused.reason()));
                yield ChatService.Next.CONTINUE;
            }
            case TaggedCommand.Parsed.Ok ok -> {
                String command = ok.command().cmd();
                if (command.isBlank()) {
                    yield tags.during(ok.command().tag().orElse(null), () -> {
                        output.write(new dev.sesame.chat.ChatEvent.Error("empty command"));
                        return ChatService.Next.CONTINUE;
                    });
                }
                Command parsed = CommandParser.parse(command);
                if (parsed instanceof Command.Say) awaitRoom(); // back-pressure applies to tagged lines too
                yield ok.command().tag().isPresent()
                        ? tags.during(ok.command().tag().get(), () -> chat.handle(parsed))
                        : chat.handle(parsed);
            }
        };
    }

    /** The next line; an overlong one is reported and counts as a blank line. Empty at end of input. */
    private Optional<String> readLine() throws IOException {
        Optional<LineReader.Line> line = lines.next();
        if (line.isEmpty()) return Optional.empty();
        return switch (line.get()) {
            case LineReader.Line.Text text -> Optional.of(text.text());
            case LineReader.Line.Overlong overlong -> {
                output.write(new dev.sesame.chat.ChatEvent.Error("input line longer than " + Limits.MAX_INPUT_LINE_CHARS
                        + " characters ignored"));
                yield Optional.of("");
            }
        };
    }
}
