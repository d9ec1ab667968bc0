package io.interpose.compute.ovf;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits an appliance command into tokens: whitespace separates tokens; double quotes group text with
 * spaces into one token, and inside them a backslash escapes the next character. No shell is involved.
 */
final class CommandLine {
    private CommandLine() {
    }

    /** @throws OvfException INVALID_FORMAT for an unterminated quote */
    static List<String> tokens(String command) {
        List<String> tokens = new ArrayList<>();
        StringBuilder token = new StringBuilder();
        boolean quoted = false;
        boolean inToken = false;
        for (int i = 0; i < command.length(); i++) {
            char c = command.charAt(i);
            if (quoted && c == '\\' && i + 1 < command.length()) {
                token.append(command.charAt(++i));
            } else if (c == '"') {
                quoted = !quoted;
                inToken = true;
            } else if (!quoted && Character.isWhitespace(c)) {
                if (inToken) {
                    tokens.add(token.toString());
                    token.setLength(0);
                    inToken = false;
                }
            } else {
                token.append(c);
                inToken = true;
            }
        }
        if (quoted) {
            throw OvfException.invalid("the appliance command has an unterminated quote: " + command);
        }
        if (inToken) {
            tokens.add(token.toString());
        }
        return tokens;
    }
}
