// A complete Sesame bot in one file (docs/HEADLESS.md, "Example bot").
//
// It starts a headless node, answers "!ping" from anyone with a private "pong", reports each
// pong's delivery by the tag it gave the command, and leaves when someone says "!bye".
//
// Run it with the Sesame jar on the class path (Jackson's streaming parser comes with it):
//
//   java -cp target/sesame.jar examples/PingBot.java --phrase-file PHRASE --peer HOST:PORT
//
// Every argument goes to `sesame --headless`. SESAME names the launcher (default ./sesame).
// The bot prints one line per thing it did on its own stdout: "ready", "pong NAME",
// "delivered TAG", "undelivered TAG REASON", "bye".

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

public class PingBot {
    private static final JsonFactory JSON = new JsonFactory();
    private static int pongs;

    public static void main(String[] args) throws Exception {
        List<String> command = new ArrayList<>(List.of(System.getenv().getOrDefault("SESAME", "./sesame"), "--headless",
                "--display-name", "pingbot"));
        command.addAll(List.of(args));
        Process sesame = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Writer toSesame = new OutputStreamWriter(sesame.getOutputStream(), StandardCharsets.UTF_8);
        BufferedReader events = new BufferedReader(new InputStreamReader(sesame.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = events.readLine()) != null) {
            Map<String, String> event = flatFields(line);
            switch (event.getOrDefault("event", "")) {
                case "ready" -> say("ready");
                case "message" -> {
                    String text = event.getOrDefault("text", "").strip();
                    String from = event.get("from");
                    String name = event.getOrDefault("name", "someone");
                    if (text.equals("!ping")) {
                        String tag = "pong-" + (++pongs);
                        // "#" and the full peer id address exactly the sender, whatever names others pick (docs/HEADLESS.md).
                        send(toSesame, tag, "/msg #" + from + " pong");
                        say("pong " + name);
                    } else if (text.equals("!bye")) {
                        send(toSesame, "bye", "/quit");
                    }
                }
                case "delivered" -> event.computeIfPresent("tag", (k, tag) -> say("delivered " + tag));
                case "undelivered" -> event.computeIfPresent("tag", (k, tag) -> say("undelivered " + tag + " "
                        + event.getOrDefault("reason", "?")));
                case "error" -> System.err.println("pingbot: sesame says: " + event.get("message"));
                case "bye" -> say("bye");
                default -> { } // everything else is not this bot's business
            }
        }
        System.exit(sesame.waitFor());
    }

    /** One command line: {"tag":TAG,"cmd":COMMAND}, written with Jackson so that any text is escaped right. */
    private static void send(Writer out, String tag, String cmd) throws IOException {
        StringWriter json = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(json)) {
            g.writeStartObject();
            g.writeStringField("tag", tag);
            g.writeStringField("cmd", cmd);
            g.writeEndObject();
        }
        out.write(json + "\n");
        out.flush();
    }

    /** The top-level string fields of one event (arrays and numbers are skipped: this bot needs none). */
    private static Map<String, String> flatFields(String line) throws IOException {
        Map<String, String> fields = new HashMap<>();
        try (JsonParser p = JSON.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) return fields;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (value == JsonToken.VALUE_STRING) fields.put(name, p.getText());
                else p.skipChildren();
            }
        }
        return fields;
    }

    private static String say(String what) {
        System.out.println(what);
        System.out.flush();
        return what;
    }
}
