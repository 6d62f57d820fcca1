package io.taskforge.activities.report;

import com.lowagie.text.Chunk;
import com.lowagie.text.Document;
import com.lowagie.text.DocumentException;
import com.lowagie.text.Font;
import com.lowagie.text.PageSize;
import com.lowagie.text.Paragraph;
import com.lowagie.text.Phrase;
import com.lowagie.text.pdf.BaseFont;
import com.lowagie.text.pdf.PdfContentByte;
import com.lowagie.text.pdf.PdfPCell;
import com.lowagie.text.pdf.PdfPTable;
import com.lowagie.text.pdf.PdfPageEventHelper;
import com.lowagie.text.pdf.PdfTemplate;
import com.lowagie.text.pdf.PdfWriter;
import java.awt.Color;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.function.IntConsumer;

/**
 * Lays a {@link Report} out as an A4 PDF: a title page with a table of contents, then one numbered
 * section after another, with "Page n of m" and the generation time in every footer.
 */
final class PdfReportWriter {
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);
  private static final Color HEADER_BACKGROUND = new Color(0xE4, 0xE9, 0xF2);
  private static final Color MUTED = new Color(0x55, 0x55, 0x55);
  private static final float FOOTER_SIZE = 8;

  private final Font titleFont = new Font(Font.HELVETICA, 26, Font.BOLD);
  private final Font subtitleFont = new Font(Font.HELVETICA, 15, Font.NORMAL, MUTED);
  private final Font metaFont = new Font(Font.HELVETICA, 11, Font.NORMAL, MUTED);
  private final Font contentsFont = new Font(Font.HELVETICA, 13, Font.BOLD);
  private final Font headingFont = new Font(Font.HELVETICA, 16, Font.BOLD);
  private final Font bodyFont = new Font(Font.HELVETICA, 11);
  private final Font cellFont = new Font(Font.HELVETICA, 9.5f);
  private final Font headerCellFont = new Font(Font.HELVETICA, 9.5f, Font.BOLD);

  /** What a finished PDF came to. */
  record Written(int pages) {}

  /**
   * Writes the report; {@code onSection} hears how many sections are laid out so far, and may throw
   * to stop. {@code out} is flushed but left open.
   */
  Written write(Report report, Instant generatedAt, OutputStream out, IntConsumer onSection)
      throws IOException {
    Document document = new Document(PageSize.A4, 56, 56, 64, 64);
    Footer footer = new Footer(TIMESTAMP.format(generatedAt));
    try {
      // The writer closes its stream with the document; the artifact store owns that stream.
      PdfWriter writer =
          PdfWriter.getInstance(
              document, new UnclosableStream(new BufferedOutputStream(out, 64 * 1024)));
      writer.setPageEvent(footer);
      document.addTitle(report.title());
      if (report.subtitle() != null) {
        document.addSubject(report.subtitle());
      }
      if (report.author() != null) {
        document.addAuthor(report.author());
      }
      document.addCreator("Taskforge report_generation");
      document.open();
      titlePage(document, report, generatedAt);
      for (int i = 0; i < report.sections().size(); i++) {
        section(document, i + 1, report.sections().get(i));
        onSection.accept(i + 1);
      }
      document.close();
    } catch (DocumentException e) {
      throw new IOException("could not lay out the report: " + e.getMessage(), e);
    }
    out.flush();
    return new Written(footer.pages);
  }

  private void titlePage(Document document, Report report, Instant generatedAt) {
    Paragraph title = new Paragraph(report.title(), titleFont);
    title.setSpacingBefore(150);
    title.setSpacingAfter(12);
    document.add(title);
    if (report.subtitle() != null) {
      Paragraph subtitle = new Paragraph(report.subtitle(), subtitleFont);
      subtitle.setSpacingAfter(24);
      document.add(subtitle);
    }
    if (report.author() != null) {
      document.add(new Paragraph("Author: " + report.author(), metaFont));
    }
    document.add(new Paragraph("Generated " + TIMESTAMP.format(generatedAt), metaFont));
    if (report.sections().isEmpty()) {
      return;
    }
    Paragraph contents = new Paragraph("Contents", contentsFont);
    contents.setSpacingBefore(48);
    contents.setSpacingAfter(6);
    document.add(contents);
    for (int i = 0; i < report.sections().size(); i++) {
      document.add(new Paragraph((i + 1) + ". " + report.sections().get(i).heading(), bodyFont));
    }
    document.newPage();
  }

  private void section(Document document, int number, Report.Section section) {
    Paragraph heading = new Paragraph(number + ". " + section.heading(), headingFont);
    heading.setSpacingBefore(number == 1 ? 0 : 18);
    heading.setSpacingAfter(8);
    heading.setKeepTogether(true);
    document.add(heading);
    if (section.text() != null) {
      for (String block : section.text().split("\\R\\s*\\R")) {
        if (!block.isBlank()) {
          Paragraph paragraph = new Paragraph(block.strip(), bodyFont);
          paragraph.setLeading(15);
          paragraph.setSpacingAfter(6);
          document.add(paragraph);
        }
      }
    }
    if (!section.bullets().isEmpty()) {
      com.lowagie.text.List list = new com.lowagie.text.List(false, 12);
      list.setListSymbol(new Chunk("\u2022", bodyFont));
      list.setIndentationLeft(8);
      section
          .bullets()
          .forEach(bullet -> list.add(new com.lowagie.text.ListItem(bullet, bodyFont)));
      document.add(list);
    }
    if (section.table() != null) {
      document.add(table(section.table()));
    }
  }

  private PdfPTable table(Report.Table table) {
    PdfPTable pdfTable = new PdfPTable(table.columns().size());
    pdfTable.setWidthPercentage(100);
    pdfTable.setSpacingBefore(8);
    pdfTable.setSpacingAfter(8);
    pdfTable.setHeaderRows(1); // repeated on every page the table spans
    for (String column : table.columns()) {
      PdfPCell cell = new PdfPCell(new Phrase(column, headerCellFont));
      cell.setBackgroundColor(HEADER_BACKGROUND);
      cell.setPadding(5);
      pdfTable.addCell(cell);
    }
    for (java.util.List<String> row : table.rows()) {
      for (String value : row) {
        PdfPCell cell = new PdfPCell(new Phrase(value, cellFont));
        cell.setPadding(4);
        pdfTable.addCell(cell);
      }
    }
    return pdfTable;
  }

  /** Writes each page's footer; the total page count is filled in when the document closes. */
  private static final class Footer extends PdfPageEventHelper {
    private final String generated;
    private BaseFont font;
    private PdfTemplate total;
    private int pages;

    Footer(String generated) {
      this.generated = generated;
    }

    @Override
    public void onOpenDocument(PdfWriter writer, Document document) {
      try {
        font = BaseFont.createFont(BaseFont.HELVETICA, BaseFont.WINANSI, BaseFont.NOT_EMBEDDED);
      } catch (IOException e) {
        throw new IllegalStateException("the built-in Helvetica font is missing", e);
      }
      total = writer.getDirectContent().createTemplate(40, FOOTER_SIZE + 4);
    }

    @Override
    public void onEndPage(PdfWriter writer, Document document) {
      pages++;
      PdfContentByte canvas = writer.getDirectContent();
      float y = document.bottomMargin() / 2;
      String page = "Page " + pages + " of ";
      float pageWidth = font.getWidthPoint(page, FOOTER_SIZE);
      float right = document.right();
      float totalWidth = font.getWidthPoint("9999", FOOTER_SIZE);
      canvas.saveState();
      canvas.beginText();
      canvas.setFontAndSize(font, FOOTER_SIZE);
      canvas.setColorFill(MUTED);
      canvas.setTextMatrix(document.left(), y);
      canvas.showText("Generated " + generated);
      canvas.setTextMatrix(right - totalWidth - pageWidth, y);
      canvas.showText(page);
      canvas.endText();
      canvas.addTemplate(total, right - totalWidth, y);
      canvas.restoreState();
    }

    @Override
    public void onCloseDocument(PdfWriter writer, Document document) {
      total.beginText();
      total.setFontAndSize(font, FOOTER_SIZE);
      total.setColorFill(MUTED);
      total.setTextMatrix(0, 0);
      total.showText(Integer.toString(pages));
      total.endText();
    }
  }

  /** Passes writes on, but only flushes on close. */
  private static final class UnclosableStream extends FilterOutputStream {
    UnclosableStream(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      out.flush();
    }
  }
}
