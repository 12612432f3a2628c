package com.anycompany.scoring.monitor;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Locale;

/**
 * Renders a run's {@code drift.json} as one self-contained HTML page: inline CSS, charts as SVG drawn here on the
 * server, a few lines of inline JavaScript to sort the client table; nothing is loaded from the network. Sections:
 * the run at a glance, the score distribution against the training baseline, the top drifting features, the
 * per-client table (click a heading to sort), and quarantined rows by kind of reason.
 */
public final class DriftReportHtml {
    /** Colours the charts use (the screenshot test looks for them). */
    public static final String ACTUAL = "#2f6db5";
    public static final String EXPECTED = "#f28e2b";
    public static final String DRIFT = "#d62728";

    private DriftReportHtml() {
    }

    public static String render(JsonNode d) {
        StringBuilder h = new StringBuilder(64 * 1024);
        String title = "Drift report: " + d.path("model").asText() + " v" + d.path("version").asText() + ", run "
                + d.path("run_id").asText();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                        + "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">")
                .append("<title>").append(esc(title)).append("</title><style>").append(CSS).append("</style></head><body>\n");
        h.append("<h1>").append(esc(title)).append("</h1>\n");
        long clients = d.path("clients").size();
        long drifted = d.path("clients_drifted").asLong();
        h.append("<div class=\"tiles\">")
                .append(tile("rows", String.format(Locale.ROOT, "%,d", d.path("rows").asLong())))
                .append(tile("scored", String.format(Locale.ROOT, "%,d", d.path("scored").asLong())))
                .append(tile("quarantined", String.format(Locale.ROOT, "%,d", d.path("quarantined").asLong())))
                .append(tile("clients drifted", drifted + " of " + clients, drifted > 0 ? "bad" : "good"))
                .append(tile("mean score", fmt(d.path("score").path("mean"), 4) + " (training "
                        + fmt(d.path("score").path("baseline_mean"), 4) + ")"))
                .append(tile("p95 score", fmt(d.path("score").path("p95"), 4)))
                .append("</div>\n");
        JsonNode t = d.path("thresholds");
        h.append("<p class=\"note\">Drift when a feature's PSI &gt; ").append(fmt(t.path("psi"), 2))
                .append(", its missing rate rises by &gt; ").append(pct(t.path("missingRateIncrease")))
                .append(", &gt; ").append(pct(t.path("outOfRangeRate")))
                .append(" of its values are outside the training range or new categories; or the score PSI &gt; ")
                .append(fmt(t.path("scorePsi"), 2)).append(", the mean score moves by &gt; ")
                .append(fmt(t.path("scoreMeanShift"), 2)).append(", the decision rate by &gt; ")
                .append(pct(t.path("decisionRateShift"))).append(" relative, each only beyond what sampling noise explains at the client's row count. Clients with "
                        + "fewer than ")
                .append(d.path("min_rows").asLong()).append(" rows are measured, not judged. Generated ")
                .append(esc(d.path("generated_at").asText())).append(".</p>\n");

        h.append("<section><h2>Score distribution against training</h2>\n").append(scoreChart(d.path("score")))
                .append("</section>\n");
        h.append("<section><h2>Top drifting features</h2>\n").append(featureChart(d.path("top_features"),
                t.path("psi").asDouble(0.25))).append("</section>\n");
        h.append("<section><h2>Clients</h2><p class=\"note\">Click a column heading to sort.</p>\n")
                .append(clientTable(d.path("clients"))).append("</section>\n");
        h.append("<section><h2>Quarantined rows by reason</h2>\n").append(quarantine(d.path("quarantine")))
                .append("</section>\n");
        h.append("<script>").append(SORT_JS).append("</script>\n</body></html>\n");
        return h.toString();
    }

    private static String tile(String label, String value) {
        return tile(label, value, "");
    }

    private static String tile(String label, String value, String cls) {
        return "<div class=\"tile " + cls + "\"><div class=\"v\">" + esc(value) + "</div><div class=\"l\">" + esc(label)
                + "</div></div>";
    }

    static String scoreChart(JsonNode s) {
        int w = 720;
        int hgt = 260;
        int left = 50;
        int bottom = 30;
        int top = 20;
        JsonNode actual = s.path("actual");
        JsonNode expected = s.path("expected");
        int n = Math.max(1, actual.size());
        double max = 1e-9;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, Math.max(actual.path(i).asDouble(), expected.path(i).asDouble()));
        }
        double plotW = w - left - 10;
        double plotH = hgt - bottom - top;
        double bw = plotW / n;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg id=\"score-chart\" class=\"chart\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"score distribution: run against training\">", w, hgt,
                w, hgt));
        axes(svg, left, top, plotW, plotH, max, "share of rows");
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < n; i++) {
            double a = actual.path(i).asDouble();
            double bh = a / max * plotH;
            svg.append(String.format(Locale.ROOT, "<rect class=\"bar actual\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
                    + "height=\"%.1f\" fill=\"%s\"><title>%s: %.1f%% of the run</title></rect>", left + i * bw + 1,
                    top + plotH - bh, Math.max(1, bw - 2), bh, ACTUAL, binLabel(s, i, n), a * 100));
            double e = expected.path(i).asDouble();
            line.append(i == 0 ? "M" : "L").append(String.format(Locale.ROOT, "%.1f,%.1f", left + i * bw,
                    top + plotH - e / max * plotH));
            line.append(String.format(Locale.ROOT, "L%.1f,%.1f", left + (i + 1) * bw, top + plotH - e / max * plotH));
        }
        svg.append("<path class=\"expected\" d=\"").append(line).append("\" fill=\"none\" stroke=\"").append(EXPECTED)
                .append("\" stroke-width=\"3\"/>");
        double lo = s.path("lo").asDouble();
        double hi = s.path("hi").asDouble(1);
        for (int i = 0; i <= 4; i++) {
            double x = left + plotW * i / 4;
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>", x,
                    hgt - 10, trim(lo + (hi - lo) * i / 4)));
        }
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"4\" width=\"12\" height=\"12\" fill=\"%s\"/>"
                + "<text x=\"%d\" y=\"14\">this run</text><rect x=\"%d\" y=\"9\" width=\"16\" height=\"3\" fill=\"%s\"/>"
                + "<text x=\"%d\" y=\"14\">training (baseline)</text>", w - 260, ACTUAL, w - 244, w - 170, EXPECTED,
                w - 150));
        svg.append("</svg>");
        return svg.toString();
    }

    private static String binLabel(JsonNode s, int i, int n) {
        double lo = s.path("lo").asDouble();
        double hi = s.path("hi").asDouble(1);
        return trim(lo + (hi - lo) * i / n) + "–" + trim(lo + (hi - lo) * (i + 1) / n);
    }

    static String featureChart(JsonNode top, double threshold) {
        int rows = Math.min(10, top.size());
        int w = 720;
        int left = 200;
        int rowH = 26;
        int hgt = 40 + rows * rowH;
        double max = threshold * 1.2;
        for (int i = 0; i < rows; i++) {
            max = Math.max(max, Math.max(top.path(i).path("mean_psi").asDouble(), top.path(i).path("max_psi").asDouble()));
        }
        double plotW = w - left - 150;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg id=\"feature-chart\" class=\"chart\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"PSI per feature\">", w, hgt, w, hgt));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"14\">mean PSI over clients (bar), worst client "
                + "(tick); dashed: threshold %s</text>", left, trim(threshold)));
        for (int i = 0; i < rows; i++) {
            JsonNode f = top.path(i);
            double mean = f.path("mean_psi").asDouble();
            double worst = f.path("max_psi").asDouble();
            double y = 26 + i * rowH;
            boolean bad = f.path("clients_drifted").asLong() > 0;
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>", left - 8,
                    y + 15, esc(f.path("feature").asText())));
            svg.append(String.format(Locale.ROOT, "<rect class=\"bar psi\" x=\"%d\" y=\"%.1f\" width=\"%.1f\" "
                    + "height=\"18\" fill=\"%s\"><title>%s: mean PSI %.3f, worst %.3f, %d client(s) drifted</title>"
                    + "</rect>", left, y + 2, Math.max(1, mean / max * plotW), bad ? DRIFT : ACTUAL,
                    esc(f.path("feature").asText()), mean, worst, f.path("clients_drifted").asLong()));
            svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"3\" height=\"22\" "
                    + "fill=\"#333\"/>", left + worst / max * plotW, y));
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\">%s%s</text>",
                    left + Math.max(mean, worst) / max * plotW + 8, y + 15, fmt3(mean),
                    bad ? " · " + f.path("clients_drifted").asLong() + " drifted" : ""));
        }
        double tx = left + threshold / max * plotW;
        svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"20\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\" "
                + "stroke-dasharray=\"5,4\" stroke-width=\"2\"/>", tx, tx, hgt - 4, DRIFT));
        svg.append("</svg>");
        return svg.toString();
    }

    static String clientTable(JsonNode clients) {
        StringBuilder t = new StringBuilder();
        t.append("<table id=\"clients\" class=\"sortable\"><thead><tr>");
        String[][] cols = {{"client", "s"}, {"model", "s"}, {"rows", "n"}, {"drift", "s"}, {"max PSI", "n"},
                {"top feature", "s"}, {"mean score", "n"}, {"shift vs training", "n"}, {"score PSI", "n"},
                {"decision rate", "n"}, {"missing ↑ (max)", "n"}, {"out of range (max)", "n"}, {"why", "s"}};
        for (int i = 0; i < cols.length; i++) {
            t.append("<th data-col=\"").append(i).append("\" data-type=\"").append(cols[i][1]).append("\">")
                    .append(esc(cols[i][0])).append("</th>");
        }
        t.append("</tr></thead><tbody>\n");
        for (JsonNode c : clients) {
            boolean drift = c.path("drift").asBoolean();
            t.append("<tr").append(drift ? " class=\"drift\"" : "").append(">");
            cell(t, c.path("client").asText(), null);
            cell(t, c.path("scope").asText() + " v" + c.path("version").asText(), null);
            cell(t, String.valueOf(c.path("rows").asLong()), c.path("rows"));
            cell(t, drift ? "DRIFT" : "ok", null);
            cell(t, fmt(c.path("max_psi"), 3), c.path("max_psi"));
            cell(t, c.path("top_feature").isNull() ? "" : c.path("top_feature").asText(), null);
            cell(t, fmt(c.path("score_mean"), 4), c.path("score_mean"));
            cell(t, fmt(c.path("score_shift"), 4), c.path("score_shift"));
            cell(t, fmt(c.path("score_psi"), 3), c.path("score_psi"));
            cell(t, pct(c.path("decision_rate")), c.path("decision_rate"));
            cell(t, pct(c.path("max_missing_rate_increase")), c.path("max_missing_rate_increase"));
            cell(t, pct(c.path("max_out_of_range_rate")), c.path("max_out_of_range_rate"));
            StringBuilder why = new StringBuilder();
            for (JsonNode r : c.path("reasons")) {
                why.append(why.isEmpty() ? "" : "; ").append(r.asText());
            }
            cell(t, why.toString(), null);
            t.append("</tr>\n");
        }
        t.append("</tbody></table>");
        return t.toString();
    }

    private static void cell(StringBuilder t, String text, JsonNode sortValue) {
        t.append("<td");
        if (sortValue != null) {
            t.append(" data-v=\"").append(sortValue.isNumber() ? sortValue.asText() : "").append("\"");
        }
        t.append(">").append(esc(text)).append("</td>");
    }

    static String quarantine(JsonNode q) {
        if (q.isEmpty()) {
            return "<p>No rows were quarantined.</p>";
        }
        StringBuilder t = new StringBuilder("<table id=\"quarantine\"><thead><tr><th>reason</th><th>rows</th></tr>"
                + "</thead><tbody>");
        q.fields().forEachRemaining(e -> t.append("<tr><td>").append(esc(e.getKey())).append("</td><td>")
                .append(e.getValue().asLong()).append("</td></tr>"));
        return t.append("</tbody></table>").toString();
    }

    private static void axes(StringBuilder svg, int left, int top, double plotW, double plotH, double max,
                             String label) {
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%.1f\" stroke=\"#999\"/>",
                left, top, left, top + plotH));
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#999\"/>",
                left, top + plotH, left + plotW, top + plotH));
        for (int i = 0; i <= 2; i++) {
            double v = max * i / 2;
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%.0f%%</text>",
                    left - 4, top + plotH - plotH * i / 2 + 4, v * 100));
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"12\" y=\"%.1f\" transform=\"rotate(-90 12 %.1f)\" "
                + "text-anchor=\"middle\">%s</text>", top + plotH / 2, top + plotH / 2, label));
    }

    private static String fmt(JsonNode v, int digits) {
        return v == null || v.isNull() || v.isMissingNode() ? "–"
                : String.format(Locale.ROOT, "%." + digits + "f", v.asDouble());
    }

    private static String fmt3(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    private static String pct(JsonNode v) {
        return v == null || v.isNull() || v.isMissingNode() ? "–"
                : String.format(Locale.ROOT, "%.1f%%", v.asDouble() * 100);
    }

    private static String trim(double v) {
        String s = String.format(Locale.ROOT, "%.2f", v);
        return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }

    static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    private static final String CSS = """
            body{font:14px/1.4 system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px;color:#222;max-width:1200px}
            h1{font-size:22px;margin:0 0 12px}h2{font-size:17px;margin:24px 0 8px}
            .tiles{display:flex;flex-wrap:wrap;gap:10px}.tile{border:1px solid #ddd;border-radius:6px;padding:8px 14px;
            min-width:120px}.tile .v{font-size:18px;font-weight:600}.tile .l{color:#666;font-size:12px}
            .tile.bad{border-color:#d62728;background:#fdecea}.tile.good{border-color:#2ca02c;background:#eef8ee}
            .note{color:#555;font-size:12px}.chart text{font-size:11px;fill:#333}
            table{border-collapse:collapse;font-size:12px}th,td{border-bottom:1px solid #eee;padding:4px 8px;
            text-align:left}th{cursor:pointer;background:#f6f6f6;position:sticky;top:0;user-select:none}
            th.asc::after{content:" ▲"}th.desc::after{content:" ▼"}tr.drift td{background:#fdecea}
            td[data-v]{text-align:right;font-variant-numeric:tabular-nums}
            """;

    private static final String SORT_JS = """
            document.querySelectorAll('table.sortable').forEach(function (table) {
              var heads = table.querySelectorAll('th');
              heads.forEach(function (th) {
                th.addEventListener('click', function () {
                  var col = +th.dataset.col, num = th.dataset.type === 'n';
                  var dir = th.classList.contains('asc') ? -1 : 1;
                  heads.forEach(function (h) { h.classList.remove('asc', 'desc'); });
                  th.classList.add(dir === 1 ? 'asc' : 'desc');
                  var body = table.tBodies[0];
                  var rows = Array.prototype.slice.call(body.rows);
                  rows.sort(function (a, b) {
                    var x = a.cells[col], y = b.cells[col];
                    if (num) {
                      var p = parseFloat(x.dataset.v), q = parseFloat(y.dataset.v);
                      p = isNaN(p) ? -Infinity : p; q = isNaN(q) ? -Infinity : q;
                      return (p - q) * dir;
                    }
                    return x.textContent.localeCompare(y.textContent) * dir;
                  });
                  rows.forEach(function (r) { body.appendChild(r); });
                });
              });
              table.dataset.sortable = 'ready';
            });
            """;
}
