package dev.asrun.report;

import dev.asrun.log.DetachedRecord;
import dev.asrun.log.VerifyReport;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentNameDictionary;
import org.apache.pdfbox.pdmodel.PDEmbeddedFilesNameTreeNode;
import org.apache.pdfbox.pdmodel.common.filespecification.PDComplexFileSpecification;
import org.apache.pdfbox.pdmodel.common.filespecification.PDEmbeddedFile;
import org.apache.pdfbox.text.PDFTextStripper;

/**
 * Verifies an as-run report without the database: reads the PDF with PDFBox, takes the attached
 * record ({@value PdfA#ATTACHMENT_NAME}), checks its hash chains and every signature in it with the
 * log's own checks ({@link DetachedRecord#verify}), and checks that every page states the record's
 * run and the hash of its streams' heads, as the report's footer does.
 */
public final class ReportVerifier {

  private ReportVerifier() {}

  /**
   * What verifying a report found.
   *
   * @param runId the run the attached record is of, if it names exactly one
   * @param recordHash the hash of the attached streams' heads
   * @param pages how many pages the document has
   * @param record the attached record's verification: each damaged stream's first bad event, each
   *     broken signature
   * @param pageProblems the pages that do not state the run and the hash, and a record that names
   *     no single run
   */
  public record Result(
      Optional<String> runId,
      String recordHash,
      int pages,
      VerifyReport record,
      List<String> pageProblems) {

    public Result {
      Objects.requireNonNull(runId, "runId");
      Objects.requireNonNull(recordHash, "recordHash");
      Objects.requireNonNull(record, "record");
      pageProblems = List.copyOf(pageProblems);
    }

    /** Whether the report is intact: its record verifies and every page states it. */
    public boolean ok() {
      return record.ok() && pageProblems.isEmpty();
    }
  }

  /** The document is not an as-run report: not a PDF, or no record attached. */
  public static final class NotAReport extends Exception {
    private static final long serialVersionUID = 1L;

    NotAReport(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * Verifies the report {@code pdf}.
   *
   * @throws NotAReport if it is not a PDF or holds no attached record
   */
  public static Result verify(byte[] pdf) throws NotAReport {
    try (PDDocument document = load(pdf)) {
      byte[] attached = attachment(document);
      DetachedRecord record;
      try {
        record = DetachedRecord.read(attached);
      } catch (DetachedRecord.Unreadable e) {
        return new Result(
            Optional.empty(),
            "",
            document.getNumberOfPages(),
            new VerifyReport(0, 0, List.of()),
            List.of("the attached " + PdfA.ATTACHMENT_NAME + " is damaged: " + e.getMessage()));
      }
      Optional<String> runId = record.runId();
      String hash = record.recordHash();
      List<String> problems = new ArrayList<>();
      if (runId.isEmpty()) {
        problems.add(
            "the attached record holds no single run with its nested runs (streams "
                + String.join(", ", record.streams())
                + ")");
      } else {
        problems.addAll(pagesNotStating(document, "Run " + runId.get(), hash));
      }
      return new Result(runId, hash, document.getNumberOfPages(), record.verify(), problems);
    } catch (IOException e) {
      throw new NotAReport("the PDF could not be read: " + e.getMessage(), e);
    }
  }

  private static PDDocument load(byte[] pdf) throws NotAReport {
    try {
      return Loader.loadPDF(pdf);
    } catch (IOException e) {
      throw new NotAReport("not a PDF: " + e.getMessage(), e);
    }
  }

  private static byte[] attachment(PDDocument document) throws IOException, NotAReport {
    PDDocumentNameDictionary names = document.getDocumentCatalog().getNames();
    PDEmbeddedFilesNameTreeNode files = names == null ? null : names.getEmbeddedFiles();
    Map<String, PDComplexFileSpecification> attached = files == null ? null : files.getNames();
    PDComplexFileSpecification spec = attached == null ? null : attached.get(PdfA.ATTACHMENT_NAME);
    PDEmbeddedFile file = spec == null ? null : spec.getEmbeddedFile();
    if (file == null) {
      throw new NotAReport(
          "no as-run record is attached (no embedded file " + PdfA.ATTACHMENT_NAME + ")", null);
    }
    return file.toByteArray();
  }

  /** The pages whose text does not state {@code run} and {@code hash}, each as a sentence. */
  private static List<String> pagesNotStating(PDDocument document, String run, String hash)
      throws IOException {
    List<String> problems = new ArrayList<>();
    PDFTextStripper stripper = new PDFTextStripper();
    for (int page = 1; page <= document.getNumberOfPages(); page++) {
      stripper.setStartPage(page);
      stripper.setEndPage(page);
      String text = stripper.getText(document).replaceAll("\\s+", " ");
      if (!text.contains(run + " ") || !text.contains(hash)) {
        problems.add(
            "page "
                + page
                + " does not state the attached record's "
                + run.toLowerCase(Locale.ROOT)
                + " and record hash "
                + hash);
      }
    }
    return problems;
  }
}
