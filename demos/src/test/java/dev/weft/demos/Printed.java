package dev.weft.demos;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What a demo printed, captured once, with helpers to read numbers and lines back out of it. */
record Printed(String text) {

    /** Runs {@code demo} at {@code scale} into a captured stream. */
    static Printed by(Tour.Body demo, double scale) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, UTF_8)) {
            demo.show(out, scale);
        }
        return new Printed(bytes.toString(UTF_8));
    }

    /** The first group of every match of {@code regex}, in order. */
    List<String> all(String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        List<String> found = new ArrayList<>();
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    /** The first group of the only match of {@code regex}; fails if there is not exactly one. */
    String one(String regex) {
        List<String> found = all(regex);
        if (found.size() != 1) {
            throw new AssertionError("expected one match of " + regex + ", found " + found + " in:\n" + text);
        }
        return found.get(0);
    }

    /** {@link #one} as a number, such as the seconds of {@code "in (\\d+\\.\\d+) s"}. */
    double number(String regex) {
        return Double.parseDouble(one(regex).replace(",", ""));
    }

    /** Where {@code part} first appears; fails if it does not. */
    int at(String part) {
        int index = text.indexOf(part);
        if (index < 0) {
            throw new AssertionError("'" + part + "' not printed in:\n" + text);
        }
        return index;
    }

    /** Whether the parts appear in this order. */
    boolean inOrder(String... parts) {
        int last = -1;
        for (String part : parts) {
            int index = text.indexOf(part, last + 1);
            if (index < 0) {
                return false;
            }
            last = index;
        }
        return true;
    }

    /** No stack trace, no logged warning or error: expected failures are reported in words. */
    boolean isClean() {
        return !text.contains("\tat ") && !text.contains("Exception in thread") && !text.contains(" WARN ")
                && !text.contains(" ERROR ");
    }

    @Override
    public String toString() {
        return text;
    }
}
