// The `regula` command: scripting and reproducible batch work over the same engine as the app.
import { Command, CommanderError } from 'commander';
import { exportCommand, type ExportFlags } from './commands/export';
import { importModelCommand } from './commands/importModel';
import { inspectCommand } from './commands/inspect';
import { predictCommand, type PredictFlags } from './commands/predict';
import { exportProjectCommand, importProjectCommand } from './commands/projectArchive';
import { resumeCommand, retryCommand, type RunAgainFlags } from './commands/resume';
import { runsCommand, type RunsFlags } from './commands/runs';
import { sweepCommand, type SweepFlags } from './commands/sweep';
import { trainCommand, type TrainFlags } from './commands/train';
import { installInterruptHandlers, interruptExitCode } from './interrupt';
import { fail } from './output';
import { readPackageVersion } from '../app/version';

const program = new Command()
  .name('regula')
  .description('Train regularized models on spreadsheets from the command line.')
  .version(await readPackageVersion())
  .exitOverride()
  .showHelpAfterError();

program
  .command('inspect')
  .description('Show the columns, types and detected format of a spreadsheet')
  .argument('<file>', 'CSV, TSV, TXT, XLSX, XLS, ODS or JSON file')
  .option('--sheet <name>', 'workbook sheet to read')
  .option('--json', 'print one JSON object on stdout')
  .action((file: string, opts: { sheet?: string; json?: boolean }) => inspectCommand(file, opts));

program
  .command('train')
  .description('Train one model on a spreadsheet and save it in a project')
  .argument('<file>', 'spreadsheet with the training data')
  .requiredOption('--target <column>', 'column to predict')
  .option('--features <a,b,…>', 'input columns (default: every usable column but the target)')
  .option('--task <task>', 'auto | regression | binary | multiclass', 'auto')
  .option('--model <kind>', 'linear | mlp', 'linear')
  .option('--hidden <units>', 'hidden layer sizes for mlp, e.g. 64,32', '64,32')
  .option('--layers <json>', 'mlp hidden layers as JSON, with per-layer regularizers, e.g. \'[{"units":64,"kernelRegularizer":{"kind":"l1","l1":0.001},"biasRegularizer":{"kind":"l2","l2":0.01}}]\'')
  .option('--activation <name>', 'hidden activation for mlp: relu | tanh | sigmoid | elu | selu | linear', 'relu')
  .option('--dropout <rate>', 'dropout after each hidden layer (0–0.95)')
  .option('--reg <kind>', 'weight penalty: none | l1 | l2 | l1l2', 'none')
  .option('--l1 <lambda>', 'λ1 for L1 / L1L2 (Keras meaning: λ1·Σ|w|; default 0.01)')
  .option('--l2 <lambda>', 'λ2 for L2 / L1L2 (Keras meaning: λ2·Σw²; default 0.01)')
  .option('--epochs <n>', 'training epochs (iterations for the linear solver)', '100')
  .option('--batch-size <n>', 'rows per batch')
  .option('--learning-rate <x>', 'optimizer step size')
  .option('--optimizer <name>', 'adam | sgd | rmsprop')
  .option('--val-split <f>', 'share of rows held out for validation (default 0.2)')
  .option('--test-split <f>', 'share of rows held out for testing (default 0)')
  .option('--seed <n>', 'random seed for the split, shuffling and initial weights (default 42)')
  .option('--patience <n>', 'early stopping patience in epochs (0 = off)')
  .option('--solver <name>', 'auto | fista | gradient')
  .option('--loss <name>', 'regression loss: mse | mae | huber (default mse)')
  .option('--no-proximal', 'use the plain L1 subgradient instead of the exact proximal step')
  .option('--keep-last-good', 'if training diverges, still end failed but save the model from the last epoch with a finite loss')
  .option('--sheet <name>', 'workbook sheet to read')
  .option('--project <dir>', 'project folder (created if missing; default: a new temporary project)')
  .option('--quiet', 'no progress on stderr')
  .option('--events', 'print every engine event (import progress, epochs, finish) on stderr, one JSON object per line')
  .option('--json', 'print one JSON object on stdout')
  .action((file: string, flags: TrainFlags) => trainCommand(file, flags));

program
  .command('sweep')
  .description('Train one model per λ on a log-spaced grid (a regularization path), optionally with k-fold cross-validation')
  .argument('<file>', 'spreadsheet with the training data')
  .requiredOption('--target <column>', 'column to predict')
  .requiredOption('--reg <kind>', 'l1 | l2 | l1l2')
  .option('--grid <from:to:steps>', 'λ grid, log-spaced, e.g. 1:0.001:20 (default: λmax, where every coefficient is zero, down to λmax·0.001)')
  .option('--steps <n>', 'number of λ on the data-derived grid (default 20)')
  .option('--l1-ratio <r>', 'for l1l2: λ1 = r·λ, λ2 = (1 − r)·λ (default 0.5)')
  .option('--folds <k>', 'k-fold cross-validation on the training rows: reports lambdaMin and lambda1se')
  .option('--features <a,b,…>', 'input columns (default: every usable column but the target)')
  .option('--task <task>', 'auto | regression | binary | multiclass', 'auto')
  .option('--model <kind>', 'linear | mlp', 'linear')
  .option('--hidden <units>', 'hidden layer sizes for mlp, e.g. 64,32', '64,32')
  .option('--epochs <n>', 'epochs per λ (iterations cap for the linear solver)', '100')
  .option('--batch-size <n>', 'rows per batch (mlp)')
  .option('--learning-rate <x>', 'optimizer step size (mlp)')
  .option('--optimizer <name>', 'adam | sgd | rmsprop (mlp, or --solver gradient)')
  .option('--solver <name>', 'auto | fista | gradient (linear models: gradient trains each λ by the epoch loop)')
  .option('--val-split <f>', 'share of rows held out for validation (default 0.2)')
  .option('--seed <n>', 'random seed (default 42)')
  .option('--sheet <name>', 'workbook sheet to read')
  .option('--project <dir>', 'project folder (created if missing; default: a new temporary project)')
  .option('--quiet', 'no progress on stderr')
  .option('--events', 'print every engine event (import progress, λ points, finish) on stderr, one JSON object per line')
  .option('--json', 'print one JSON object on stdout')
  .action((file: string, flags: SweepFlags) => sweepCommand(file, flags));

program
  .command('predict')
  .description('Predict a new spreadsheet with a saved model (a run\'s model folder)')
  .argument('<file>', 'spreadsheet with the same input columns the model was trained on')
  .requiredOption('--model <dir>', 'model folder: runs/<id>/model in a project (the modelDir printed by train), or an exported package (folder or .zip)')
  .option('--out <file>', 'write predictions to a .csv, .tsv or .xlsx file (default: CSV on stdout)')
  .option('--sheet <name>', 'workbook sheet to read')
  .option('--json', 'print a JSON summary on stdout (needs --out)')
  .option('--full-precision', 'write the model\'s float values; by default a prediction has 6 significant digits and a probability 4 decimals')
  .option('--quiet', 'no progress on stderr')
  .option('--events', 'print every engine event (predict:progress) on stderr, one JSON object per line')
  .action((file: string, opts: PredictFlags) => predictCommand(file, opts));

program
  .command('runs')
  .description('List the runs of a project; rename, note, tag or delete one (run, sweep or dataset id)')
  .requiredOption('--project <dir>', 'project folder')
  .option('--json', 'print one JSON object on stdout')
  .option('--delete <id>', 'move a run, sweep or dataset to the project\'s trash (undo with --restore)')
  .option('--with-dependents', 'with --delete of a dataset: its runs and sweeps go too')
  .option('--restore <trashId>', 'put back what a --delete moved to the trash')
  .option('--rename <id>', 'rename a run, sweep or dataset (with --name)')
  .option('--name <text>', 'the new name for --rename')
  .option('--note <id>', 'set the note of a run, sweep or dataset (with --text; empty clears it)')
  .option('--text <text>', 'the note for --note')
  .option('--tag <id>', 'add a tag to a run, sweep or dataset (with --tag-name)')
  .option('--tag-name <tag>', 'the tag for --tag')
  .action((opts: RunsFlags) => runsCommand(opts));

program
  .command('export')
  .description('Export a run\'s model for Keras, ONNX, TF.js and Excel, with its preprocessing and a model card')
  .requiredOption('--project <dir>', 'project folder')
  .requiredOption('--run <id>', 'run id (see regula runs)')
  .requiredOption('--out <path>', 'package folder to create (or .zip file with --zip); must not exist')
  .option('--format <list>', 'tfjs | keras | h5 | onnx | xlsx | all, or a comma-separated list', 'all')
  .option('--zip', 'write one .zip file instead of a folder')
  .option('--json', 'print one JSON object on stdout')
  .action((flags: ExportFlags) => exportCommand(flags));

program
  .command('import-model')
  .description('Import a model package (from regula export) into a project, validated, for scoring')
  .argument('<package>', 'package folder or .zip')
  .requiredOption('--project <dir>', 'project folder')
  .option('--json', 'print one JSON object on stdout')
  .action((source: string, opts: { project: string; json?: boolean }) => importModelCommand(source, opts));

program
  .command('export-project')
  .description('Pack a whole project (datasets, runs, sweeps, models) into one .regula.zip')
  .requiredOption('--project <dir>', 'project folder')
  .requiredOption('--out <file>', 'archive to create, named *.regula.zip; must not exist')
  .option('--json', 'print one JSON object on stdout')
  .action((opts: { project: string; out: string; json?: boolean }) => exportProjectCommand(opts));

program
  .command('import-project')
  .description('Unpack a .regula.zip project archive into a new folder (refuses unsafe or oversized archives)')
  .argument('<archive>', '.regula.zip file')
  .requiredOption('--to <dir>', 'new project folder; must not exist')
  .option('--json', 'print one JSON object on stdout')
  .action((archive: string, opts: { to: string; json?: boolean }) => importProjectCommand(archive, opts));

program
  .command('resume')
  .description('Continue an interrupted (or cancelled, or failed) run from its last checkpoint, under the same run id')
  .requiredOption('--project <dir>', 'project folder')
  .requiredOption('--run <id>', 'run id (see regula runs)')
  .option('--quiet', 'no progress on stderr')
  .option('--json', 'print one JSON object on stdout (as regula train)')
  .action((flags: RunAgainFlags) => resumeCommand(flags));

program
  .command('retry')
  .description('Train a new run with the same settings as an earlier one')
  .requiredOption('--project <dir>', 'project folder')
  .requiredOption('--run <id>', 'run id (see regula runs)')
  .option('--quiet', 'no progress on stderr')
  .option('--json', 'print one JSON object on stdout (as regula train)')
  .action((flags: RunAgainFlags) => retryCommand(flags));

const wantsJson = process.argv.includes('--json');
installInterruptHandlers();
try {
  await program.parseAsync(process.argv);
  // Interrupted work that still printed its result (status "cancelled") exits as interrupted.
  const interrupted = interruptExitCode();
  if (interrupted !== undefined) process.exit(interrupted);
} catch (err) {
  if (err instanceof CommanderError) {
    // --help and --version end here too, with exit code 0.
    process.exit(err.exitCode === 0 ? 0 : 2);
  }
  fail(err, wantsJson, interruptExitCode());
}
