package io.interpose.guest.linux.respond;

import static org.assertj.core.api.Assertions.assertThat;

import io.interpose.protocol.gi.ProcessContext;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ResultListsTest {

    @Test
    void aListIsCutToTenThousandEntriesAndToOneMebibyteAndSaysSo() {
        List<ProcessContext> small = IntStream.range(0, 12_000)
                .mapToObj(pid -> ProcessContext.newBuilder().setPid(pid).build()).toList();
        List<ProcessContext> large = IntStream.range(0, 100)
                .mapToObj(pid -> ProcessContext.newBuilder().setPid(pid).setExecutable("x".repeat(16_000)).build())
                .toList();

        ResultLists.Cut<ProcessContext> many = ResultLists.fit(small);
        ResultLists.Cut<ProcessContext> big = ResultLists.fit(large);

        assertThat(many.kept()).hasSize(10_000);
        assertThat(many.note("processes"))
                .isEqualTo("the first 10000 of 12000 processes: the rest would not fit in one answer");
        assertThat(big.kept()).hasSize(65);
        assertThat(ResultLists.fit(small.subList(0, 10)).note("processes")).isEmpty();
    }
}
