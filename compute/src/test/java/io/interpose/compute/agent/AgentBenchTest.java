package io.interpose.compute.agent;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AgentBenchTest {
    @Test
    void deploysToEveryHostAndReportsOneJsonLine() throws Exception {
        AgentBench.Result result = AgentBench.run(500);

        assertThat(result.hosts()).isEqualTo(500);
        assertThat(result.starts()).as("one start per host, no retries").isEqualTo(500);
        assertThat(result.json()).startsWith("{\"benchmark\":\"agent-deploy\",\"runtime\":\"simulated\",\"hosts\":500,")
                .contains("\"ms_to_all_ready\":" + result.millisToAllReady());
        System.out.println(result.json());
    }
}
