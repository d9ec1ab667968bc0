package io.interpose.model.policy;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.StringLength;

class CaseFoldTest {
    @Property
    void foldedEqualityIsEqualsIgnoreCase(@ForAll @StringLength(max = 4) @CharRange(from = 'A', to = '\u04FF') String a,
                                          @ForAll @StringLength(max = 4) @CharRange(from = 'A', to = '\u04FF') String b) {
        assertThat(CaseFold.equals(a, CaseFold.fold(b))).isEqualTo(a.equalsIgnoreCase(b));
        assertThat(CaseFold.fold(a).equals(CaseFold.fold(b))).isEqualTo(a.equalsIgnoreCase(b));
    }

    @Property
    void substringTestsAgreeWithFoldedStrings(@ForAll @StringLength(max = 6) @CharRange(from = 'A', to = 'f') String text,
                                              @ForAll @StringLength(max = 3) @CharRange(from = 'A', to = 'f') String part) {
        String folded = CaseFold.fold(part);
        assertThat(CaseFold.contains(text, folded)).isEqualTo(CaseFold.fold(text).contains(folded));
        assertThat(CaseFold.startsWith(text, folded)).isEqualTo(CaseFold.fold(text).startsWith(folded));
        assertThat(CaseFold.endsWith(text, folded)).isEqualTo(CaseFold.fold(text).endsWith(folded));
    }
}
