package dev.asrun.report;

import com.openhtmltopdf.outputdevice.helper.BaseRendererBuilder.FontStyle;
import com.openhtmltopdf.pdfboxout.PdfBoxRenderer;
import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import com.openhtmltopdf.pdfboxout.PdfRendererBuilder.PdfAConformance;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.Map;
import java.util.TimeZone;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentCatalog;
import org.apache.pdfbox.pdmodel.PDDocumentNameDictionary;
import org.apache.pdfbox.pdmodel.PDEmbeddedFilesNameTreeNode;
import org.apache.pdfbox.pdmodel.common.filespecification.PDComplexFileSpecification;
import org.apache.pdfbox.pdmodel.common.filespecification.PDEmbeddedFile;

/**
 * Writes the report's XHTML as a PDF/A-3b document: laid out by openhtmltopdf on PDFBox, every text
 * in the embedded font {@value ReportHtml#FONT} (Liberation Sans, SIL Open Font License, as PDFBox
 * ships it), an sRGB output intent (the Java runtime's profile), the XMP identification {@code
 * pdfaid:part 3, conformance B} that openhtmltopdf writes with the title, and the record as an
 * associated file ({@value #ATTACHMENT_NAME}, {@code /AFRelationship /Source}, listed in the
 * catalog's {@code /AF} and its embedded files).
 */
final class PdfA {

  /** The name of the attached record in the document. */
  static final String ATTACHMENT_NAME = "asrun-record.jsonl";

  private static final String FONT_RESOURCE =
      "/org/apache/pdfbox/resources/ttf/LiberationSans-Regular.ttf";

  private PdfA() {}

  /**
   * Writes {@code xhtml} as PDF/A-3b with {@code record} (JSON Lines) attached.
   *
   * @param createdAt the attachment's creation and modification date
   */
  static void write(String xhtml, byte[] record, Instant createdAt, OutputStream out)
      throws IOException {
    PdfRendererBuilder builder =
        new PdfRendererBuilder()
            .usePdfAConformance(PdfAConformance.PDFA_3_B)
            .useColorProfile(ICC_Profile.getInstance(ColorSpace.CS_sRGB).getData())
            .useFont(PdfA::font, ReportHtml.FONT, 400, FontStyle.NORMAL, true)
            .withProducer("as-run tracking for Camunda 7")
            .withHtmlContent(xhtml, null);
    try (PdfBoxRenderer renderer = builder.buildPdfRenderer()) {
      PDDocument document = renderer.createPDFKeepOpen();
      attach(document, record, createdAt);
      ByteArrayOutputStream pdf = new ByteArrayOutputStream();
      document.save(pdf);
      document.close();
      pdf.writeTo(out);
    }
  }

  private static InputStream font() {
    InputStream font = PDDocument.class.getResourceAsStream(FONT_RESOURCE);
    if (font == null) {
      throw new UncheckedIOException(
          new IOException("PDFBox's " + FONT_RESOURCE + " is not on the class path"));
    }
    return font;
  }

  private static void attach(PDDocument document, byte[] record, Instant createdAt)
      throws IOException {
    Calendar date = new GregorianCalendar(TimeZone.getTimeZone("UTC"));
    date.setTimeInMillis(createdAt.toEpochMilli());
    PDEmbeddedFile file = new PDEmbeddedFile(document, new ByteArrayInputStream(record));
    file.setSubtype(dev.asrun.log.DetachedRecord.MEDIA_TYPE);
    file.setSize(record.length);
    file.setCreationDate(date);
    file.setModDate(date);

    PDComplexFileSpecification spec = new PDComplexFileSpecification();
    spec.setFile(ATTACHMENT_NAME);
    spec.setFileUnicode(ATTACHMENT_NAME);
    spec.setFileDescription(
        "The run's record: the events of its streams as the as-run log holds them, JSON Lines");
    spec.setEmbeddedFile(file);
    spec.setEmbeddedFileUnicode(file);
    spec.getCOSObject().setName(COSName.getPDFName("AFRelationship"), "Source");

    PDDocumentCatalog catalog = document.getDocumentCatalog();
    PDEmbeddedFilesNameTreeNode files = new PDEmbeddedFilesNameTreeNode();
    files.setNames(Map.of(ATTACHMENT_NAME, spec));
    PDDocumentNameDictionary names = new PDDocumentNameDictionary(catalog);
    names.setEmbeddedFiles(files);
    catalog.setNames(names);
    COSArray associated = new COSArray();
    associated.add(spec);
    catalog.getCOSObject().setItem(COSName.getPDFName("AF"), associated);
  }
}
