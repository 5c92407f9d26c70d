package dev.sesame.bench.report;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.imageio.ImageIO;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** The report's six charts, tiled into one PNG with JFreeChart. */
final class Charts {
    private static final int W = 760;
    private static final int H = 480;

    private Charts() {}

    static void write(BenchReport.Results r, Path png, String machine) throws IOException {
        List<JFreeChart> charts = List.of(latencyCdf(r), throughput(r), startUp(r), mesh(r), rss(r), ratios(r));
        BufferedImage image = new BufferedImage(2 * W, 3 * H + 40, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        for (int i = 0; i < charts.size(); i++) {
            charts.get(i).draw(g, new java.awt.Rectangle((i % 2) * W, (i / 2) * H, W, H));
        }
        g.setColor(Color.DARK_GRAY);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        g.drawString("Sesame scripts/bench-report — " + machine + " (the load average counts the report's own nodes)", 10, 3 * H + 25);
        g.dispose();
        ImageIO.write(image, "png", png.toFile());
    }

    private static XYSeries cdf(String name, List<Double> values) {
        XYSeries series = new XYSeries(name, false);
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        for (int i = 0; i < sorted.size(); i++) series.add(Math.max(sorted.get(i), 0.001), (i + 1.0) / sorted.size());
        return series;
    }

    private static JFreeChart latencyCdf(BenchReport.Results r) {
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(cdf("raw TLS 1.3, one hop", r.tlsOneHop));
        data.addSeries(cdf("Sesame, cover off", r.oneHopCoverOff));
        data.addSeries(cdf("Sesame, cover on (100 ms tick)", r.oneHopCoverOn));
        data.addSeries(cdf("stdin → sent", r.stdinToSent));
        JFreeChart chart = ChartFactory.createXYLineChart("One-hop latency, CDF (stdin at A → stdout at B)", "ms (log)",
                "fraction of messages", data, PlotOrientation.VERTICAL, true, false, false);
        LogAxis x = new LogAxis("ms (log)");
        x.setSmallestValue(0.001);
        ((XYPlot) chart.getPlot()).setDomainAxis(x);
        return chart;
    }

    private static JFreeChart throughput(BenchReport.Results r) {
        XYSeries sesame = new XYSeries("Sesame, stdin → stdout, one link");
        XYSeries tls = new XYSeries("raw TLS floor, one record per message");
        for (BenchReport.Results.Burst b : r.bursts.values()) sesame.add(b.size(), b.perSecond());
        r.tlsRate.forEach(tls::add);
        XYSeries link = new XYSeries("in-JVM Sesame link");
        link.add(100, r.linkRate);
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(tls);
        data.addSeries(link);
        data.addSeries(sesame);
        JFreeChart chart = ChartFactory.createXYLineChart("Throughput vs message size", "message bytes (log)",
                "messages/s (log)", data, PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = (XYPlot) chart.getPlot();
        plot.setDomainAxis(new LogAxis("message bytes (log)"));
        plot.setRangeAxis(new LogAxis("messages/s (log)"));
        ((org.jfree.chart.renderer.xy.XYLineAndShapeRenderer) plot.getRenderer()).setDefaultShapesVisible(true);
        return chart;
    }

    private static JFreeChart startUp(BenchReport.Results r) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        data.addValue(Tables.percentile(r.startToReady, 50), "p50", "start → ready");
        data.addValue(Tables.percentile(r.startToReady, 100), "max", "start → ready");
        data.addValue(Tables.percentile(r.linkSetUp, 50), "p50", "link set-up (fresh process)");
        data.addValue(Tables.percentile(r.linkSetUp, 100), "max", "link set-up (fresh process)");
        data.addValue(500, "target", "start → ready");
        data.addValue(200, "target", "link set-up (fresh process)");
        return ChartFactory.createBarChart("Start-up and link set-up", "", "ms", data);
    }

    private static JFreeChart mesh(BenchReport.Results r) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        r.fullMesh.forEach((n, ms) -> data.addValue(ms, "after the last ready", n + " nodes"));
        data.addValue(3000, "target (10 nodes)", "10 nodes");
        return ChartFactory.createBarChart("Time to a full mesh", "", "ms", data);
    }

    private static JFreeChart rss(BenchReport.Results r) {
        XYSeries sender = new XYSeries("sender");
        XYSeries receiver = new XYSeries("receiver");
        for (double[] sample : r.rssOverBurst) {
            if (sample[1] > 0) sender.add(sample[0], sample[1]);
            if (sample[2] > 0) receiver.add(sample[0], sample[2]);
        }
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(sender);
        data.addSeries(receiver);
        return ChartFactory.createXYLineChart("RSS over a burst of 100-byte messages", "ms since the burst began", "MiB",
                data, PlotOrientation.VERTICAL, true, false, false);
    }

    private static JFreeChart ratios(BenchReport.Results r) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        double floorP50 = Tables.percentile(r.tlsOneHop, 50);
        data.addValue(Tables.percentile(r.oneHopCoverOff, 50) / floorP50, "Sesame ÷ TLS floor", "latency p50 (×)");
        for (BenchReport.Results.Burst b : r.bursts.values()) {
            data.addValue(b.perSecond() / r.tlsRate.getOrDefault(b.size(), Double.NaN), "Sesame ÷ TLS floor",
                    "msgs/s " + b.size() + " B");
        }
        data.addValue(r.linkRate / r.tlsRate.getOrDefault(100, Double.NaN), "Sesame ÷ TLS floor", "in-JVM link 100 B");
        JFreeChart chart = ChartFactory.createBarChart("Ratio to the raw TLS floor (same run)", "", "ratio (log)", data,
                PlotOrientation.HORIZONTAL, false, false, false);
        LogAxis axis = new LogAxis("ratio (log)");
        axis.setSmallestValue(1e-4);
        chart.getCategoryPlot().setRangeAxis(axis);
        return chart;
    }
}
