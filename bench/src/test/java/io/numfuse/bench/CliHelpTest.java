package io.numfuse.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every command's {@code --help} as a terminal of 80 columns shows it: no line wider, no word
 * broken across two lines, and the list of commands names each with a whole sentence.
 */
class CliHelpTest {
    private static String help(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int status = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        assertEquals(0, status, err.toString());
        return out.toString();
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "devices", "eval", "bench", "demo", "cache" })
    void helpFitsEightyColumnsAndBreaksNoWord(String command) {
        String text = command.isEmpty() ? help("--help") : help(command, "--help");
        List<String> wide = new ArrayList<>();
        for (String line : text.split("\n")) if (line.length() > 80) wide.add(line);
        assertTrue(wide.isEmpty(), "lines over 80 columns: " + wide);
        // a word picocli broke leaves its tail at the start of the next line: 'npy', 'hand-written' alone
        for (String line : text.split("\n")) {
            String s = line.strip();
            assertTrue(!s.startsWith("npy") && !s.equals("hand-written") && !s.endsWith(" ."), "a broken word: '" + line + "' in\n" + text);
        }
    }

    /** The lists in a description (bench's suites, demo's demos) keep their indentation: picocli wrapped none of their lines. */
    @ParameterizedTest
    @ValueSource(strings = { "bench:Suites:", "demo:Demos:" })
    void theListsInADescriptionKeepTheirLayout(String commandAndList) {
        String[] p = commandAndList.split(":", 2);
        String text = help(p[0], "--help");
        String list = text.substring(text.indexOf(p[1] + "\n") + p[1].length() + 1);
        for (String line : list.split("\n")) {
            if (line.isEmpty()) break;   // the list ends at a blank line
            if (!line.startsWith("  ")) {
                assertTrue(Character.isUpperCase(line.charAt(0)), "a wrapped line in the list: '" + line + "' in\n" + text);
                break;   // the list ends at its first unindented line
            }
        }
    }

    /**
     * bench's help and the README's suite table name every suite (the help used to leave out
     * kmeans and ops, the README matmul) and every case of reduce (argmax was missing).
     */
    @org.junit.jupiter.api.Test
    void everySuiteIsListedInTheHelpAndTheReadme() throws java.io.IOException {
        String text = help("bench", "--help");
        String list = text.substring(text.indexOf("Suites:\n"), text.indexOf("Each figure is"));
        String readme = java.nio.file.Files.readString(java.nio.file.Path.of("..", "README.md"));
        for (String suite : Suites.NAMES) {
            assertTrue(list.lines().anyMatch(l -> l.startsWith("  " + suite + " ")), "the help lists " + suite + ":\n" + list);
            assertTrue(readme.contains("\n| `" + suite + "`"), "the README's table lists " + suite);
        }
        String reduce = list.lines().filter(l -> l.startsWith("  reduce ")).findFirst().orElseThrow();
        for (Suites.Case c : Suites.cases("reduce")) assertTrue(reduce.contains(c.name()), reduce);
        assertTrue(reduce.contains("argmax(a)"), reduce);
    }

    @org.junit.jupiter.api.Test
    void theListOfCommandsGivesEachAWholeSentence() {
        String text = help("--help");
        String commands = text.substring(text.indexOf("Commands:"));
        // each entry's summary (its first line and its continuation lines) ends with a full stop
        String[] entries = commands.split("\n  (?=\\S)");
        for (int i = 1; i < entries.length; i++) {
            String entry = entries[i].strip().replaceAll("\\s+", " ");
            assertTrue(entry.endsWith("."), "a summary cut short: '" + entry + "'");
        }
        assertTrue(commands.contains(".npy files"), commands);
    }
}
