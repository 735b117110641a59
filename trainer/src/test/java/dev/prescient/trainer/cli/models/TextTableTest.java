package dev.prescient.trainer.cli.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class TextTableTest {

    @Test
    void padsEachColumnToItsWidestCellAndLeavesTheLastUnpadded() {
        StringWriter out = new StringWriter();
        new TextTable("A", "LONG HEADER", "C").row("wide cell", 1, "x").row("b", 22, "").print(new PrintWriter(out, true));

        assertThat(out.toString()).isEqualTo("""
                A          LONG HEADER  C
                wide cell  1            x
                b          22
                """);
    }

    @Test
    void refusesARowOfTheWrongWidth() {
        assertThatThrownBy(() -> new TextTable("A", "B").row("only one"))
                .hasMessage("row has 1 cells, table has 2");
    }
}
