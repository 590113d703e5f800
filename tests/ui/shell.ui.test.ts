import { FakeConfirmScreen, FakeDoneScreen, FakeGeneralScreen, FakeLoads, FakeNetworkScreen, type FakeState, fakeState } from './fixtures/fake-steps';
import { Container } from 'inversify';
import { startInteractive } from '../../src/app/run-interactive';
import { AppConfig } from '../../src/config/app-config';
import { WizardScreens } from '../../src/screens/screen-controller';
import { FakeTerminal } from './harness/fake-terminal';
import { testConfig, UiDriver, type UiOptions } from './harness/ui-driver';

const sigtermListeners = process.listeners('SIGTERM').length;

/** Colour SGR parameters: 30-39, 40-49, 90-97, 100-107 (38;5;n and 48;5;n start with 38/48). */
// eslint-disable-next-line no-control-regex -- matching escape codes is the point
const COLOUR_SGR = /\x1b\[[0-9;]*m/g;
function colourCodes(output: string): string[] {
  return (output.match(COLOUR_SGR) ?? []).filter((sgr) =>
    sgr
      .slice(2, -1)
      .split(';')
      .some((param) => /^(3[0-9]|4[0-9]|9[0-7]|10[0-7])$/.test(param)),
  );
}

describe('app shell', () => {
  let state: FakeState;
  let loads: FakeLoads;
  let ui: UiDriver;

  async function start(options: UiOptions = {}): Promise<UiDriver> {
    state = fakeState();
    loads = new FakeLoads();
    ui = await UiDriver.start({ steps: [new FakeGeneralScreen(state, loads), new FakeNetworkScreen(state, loads), new FakeDoneScreen()], ...options });
    return ui;
  }

  /** Start on General with its pools loaded. */
  async function startReady(options: UiOptions = {}): Promise<UiDriver> {
    await start(options);
    loads.resolve('pools', ['prod', 'lab', 'lab/ci']);
    await ui.idle();
    return ui;
  }

  afterEach(async () => {
    await ui?.close();
  });

  it('shows the header with the step indicator, the frame and the footer at 80x24', async () => {
    await startReady();
    const lines = await ui.lines();
    expect(lines).toHaveLength(24);
    expect(lines[0]).toMatch(/^ pve-vm-tui \| demo cluster +General 1\/2$/);
    expect(lines[1]).toContain('─ General ─');
    expect(await ui.screenText()).toMatchSnapshot();
  });

  it('draws the same step at 120x40', async () => {
    await startReady({ cols: 120, rows: 40 });
    const lines = await ui.lines();
    expect(lines[0]).toHaveLength(119);
    expect(lines[1]).toHaveLength(120);
    expect(await ui.screenText()).toMatchSnapshot();
  });

  it("lists the step's own keys and the focused field's keys in the footer", async () => {
    await startReady();
    expect(await ui.footer()).toContain('Ctrl-R Reload pools');
    const general = await ui.step('General');
    await general.field('Start at boot').focus();
    expect(await ui.footer()).toContain('Space Toggle');
    await general.field('Pool').focus();
    expect(await ui.footer()).toContain('Enter Open the list');
  });

  it('runs a step binding: Ctrl-R reloads (loading state, then the form again)', async () => {
    await startReady();
    await ui.press('C-r');
    expect(await ui.screenText()).toContain('Loading pools...');
    loads.resolve('pools', ['prod']);
    await ui.idle();
    expect(state.reloads).toBe(2);
    expect(await ui.screenText()).toContain('Pool');
  });

  it('opens help with F1 listing every key of the step, and Esc closes it', async () => {
    await startReady();
    await ui.press('f1');
    const help = await ui.screenText();
    expect(help).toContain('Keys: General');
    for (const text of ['This field', 'This step', 'Everywhere', 'Ctrl-R', 'Reload pools', 'Ctrl-N/F10', 'Next step', 'Ctrl-P', 'Shift-Tab', 'Ctrl-Q/Ctrl-C']) {
      expect(help).toContain(text);
    }
    expect(help).toMatchSnapshot();
    await ui.press('escape');
    expect(await ui.screenText()).not.toContain('Keys: General');
  });

  it('types "?" into a text field, and opens help with "?" on a checkbox', async () => {
    await startReady();
    const general = await ui.step('General');
    await general.field('Name').type('a?');
    expect(state.name).toBe('a?');
    expect(ui.shell.layers.top).toBeUndefined();
    await general.field('Start at boot').press('?');
    expect(ui.shell.layers.top?.name).toBe('Help');
  });

  it('blocks Next with the message at the field, focuses it, and says why in the footer', async () => {
    await startReady();
    await ui.press('tab', 'tab');
    await ui.press('C-n');
    expect(ui.shell.currentStep.title).toBe('General');
    const name = (await ui.step('General')).field('Name');
    expect(ui.focusedName).toBe('Name');
    expect(await name.message()).toBe('Name: required');
    expect(await ui.footer()).toContain('Name: required');
    expect(await ui.screenText()).toMatchSnapshot();
  });

  it('moves with Ctrl-N and F10 and back with Ctrl-P, keeping the input', async () => {
    await startReady();
    const general = await ui.step('General');
    await general.field('Name').type('web-1');
    await general.field('Pool').select('lab');
    await ui.press('C-n');
    expect(ui.shell.currentStep.title).toBe('Network');
    expect((await ui.lines())[0]).toContain('Network 2/2');
    await ui.press('C-p');
    expect(ui.shell.currentStep.title).toBe('General');
    loads.resolve('pools', ['prod', 'lab', 'lab/ci']);
    await ui.idle();
    expect(await general.field('Name').line()).toContain('web-1');
    expect(await general.field('Pool').line()).toContain('lab');
    await ui.press('f10');
    expect(ui.shell.currentStep.title).toBe('Network');
  });

  it('says so when there is no step before the first', async () => {
    await startReady();
    await ui.press('C-p');
    expect(await ui.footer()).toContain('This is the first step.');
  });

  it("shows a failed load in the field's place with the request and Retry; the rest of the form stays usable", async () => {
    await start();
    loads.reject('pools', new Error('The server refused the connection.'));
    await ui.idle();
    const general = await ui.step('General');
    await general.field('Name').type('web-1');
    const text = await ui.screenText();
    expect(await general.field('Pool').line()).toContain('The server refused the connection. (GET /pools)');
    expect(text).toContain('[ Retry ]');
    expect(text).toMatchSnapshot();
    await ui.press('tab', 'tab');
    expect(ui.focusedName).toBe('Retry');
    await ui.press('enter');
    expect(await general.field('Pool').line()).toContain('Loading pools...');
    loads.resolve('pools', ['prod']);
    await ui.idle();
    expect(ui.focusedName).toBe('Pool');
    expect(state.name).toBe('web-1');
  });

  it('shows a failed load of the whole step with the request and Retry, keeping the input, then the form again', async () => {
    await startReady();
    await (await ui.step('General')).field('Name').type('web-1');
    await ui.step('Network');
    loads.reject('bridges', new Error('Permission denied (403): Sys.Audit on /nodes/pve1 is needed.'));
    await ui.idle();
    const error = await ui.screenText();
    expect(error).toContain('Permission denied (403)');
    expect(error).toContain('Request: GET /nodes/pve1/network?type=any_bridge');
    expect(error).toContain('Your input is kept. Press Enter to try again.');
    expect(ui.focusedName).toBe('Retry');
    expect(error).toMatchSnapshot();
    await ui.press('enter');
    expect(await ui.screenText()).toContain('Loading bridges on pve1...');
    loads.resolve('bridges', ['vmbr0']);
    await ui.idle();
    expect(ui.focusedName).toBe('Bridge');
    await ui.press('C-p');
    loads.resolve('pools', ['prod']);
    await ui.idle();
    expect(await (await ui.step('General')).field('Name').line()).toContain('web-1');
  });

  it('shows the empty state with what to do', async () => {
    await startReady();
    const general = await ui.step('General');
    await general.field('Name').type('web-1');
    const network = await ui.step('Network');
    loads.resolve('bridges', []);
    await ui.idle();
    const text = await ui.screenText();
    expect(text).toContain('No bridges on pve1.');
    expect(text).toContain('Create a Linux bridge');
    expect(text).toMatchSnapshot();
    expect(network.title).toBe('Network');
  });

  it('picks from a dropdown with type-to-filter, and validates a number as the user leaves it', async () => {
    await startReady();
    await (await ui.step('General')).field('Name').type('web-1');
    const network = await ui.step('Network');
    loads.resolve('bridges', ['vmbr0', 'vmbr9', 'vmbr10']);
    await ui.idle();
    await network.field('Bridge').select('vmbr9');
    expect(state.bridge).toBe('vmbr9');
    await network.field('VLAN tag').type('5000');
    await ui.press('tab');
    expect(await network.field('VLAN tag').message()).toBe('VLAN tag: 1 to 4094, or empty');
    await network.field('VLAN tag').type('42');
    expect(await network.field('VLAN tag').message()).toBeUndefined();
    await network.field('Model').press('right');
    expect(state.model).toBe('e1000');
  });

  it('lets Next through once a blocking choice is made', async () => {
    await startReady();
    await (await ui.step('General')).field('Name').type('web-1');
    const network = await ui.step('Network');
    loads.resolve('bridges', ['vmbr0', 'vmbr9']);
    await ui.idle();
    await ui.press('C-n');
    expect(await network.field('Bridge').message()).toBe('Bridge: choose one');
    await network.field('Bridge').select('vmbr9');
    expect(await network.field('Bridge').message()).toBeUndefined();
    await ui.press('C-n');
    expect(ui.shell.currentStep.title).toBe('Done');
    expect((await ui.lines())[0]).toMatch(/ Done$/);
    await ui.press('C-n');
    expect(await ui.footer()).toContain('This is the last step.');
  });

  it('handles keys that arrive in one chunk in order (a paste, a fast typist over SSH)', async () => {
    await startReady();
    await ui.paste('web-1\x0e');
    expect(state.name).toBe('web-1');
    expect(ui.shell.currentStep.title).toBe('Network');
    loads.resolve('bridges', ['vmbr0', 'vmbr9']);
    await ui.idle();
    await ui.paste('\rvmbr9\r\x0e');
    expect(state.bridge).toBe('vmbr9');
    expect(ui.shell.currentStep.title).toBe('Done');
  });

  it('closes a list with one Esc, a typed filter and all, without changing the choice', async () => {
    await startReady();
    const pool = (await ui.step('General')).field('Pool');
    await pool.select('prod');
    await pool.press('enter');
    expect(ui.shell.layers.top?.name).toBe('Pool');
    await ui.type('lab');
    expect(await ui.footer()).toContain('Backspace Edit the filter');
    await ui.press('escape');
    expect(ui.shell.layers.top).toBeUndefined();
    expect(state.pool).toBe('prod');
    expect(await ui.footer()).not.toContain('Backspace');
  });

  it('adds tags from suggestions and refuses an invalid one at the field', async () => {
    await startReady();
    const tags = (await ui.step('General')).field('Tags');
    await tags.select('web');
    await tags.type('Bad!');
    await ui.press('enter');
    expect(await tags.message()).toBe('Tags: "Bad!" may use a-z, 0-9, _ . + - only');
    await tags.press('C-u', 'down');
    expect(ui.shell.layers.top?.name).toBe('Tags: existing');
    await ui.type('nix');
    await ui.press('enter');
    expect(state.tags).toEqual(['web', 'nixos']);
  });

  it('opens an advanced group with Enter and reaches its field', async () => {
    await startReady();
    expect(await ui.screenText()).not.toContain('Startup order ');
    const general = await ui.step('General');
    await general.field('Advanced: startup order').press('enter');
    await general.field('Startup order').type('3');
    expect(state.startupOrder).toBe('3');
  });

  it('quits at once with Ctrl-Q when there is no input to lose', async () => {
    await startReady();
    await ui.press('C-q');
    expect(await ui.waitForExit()).toBe(130);
  });

  it('asks before quitting with Ctrl-C when input would be lost; n stays, y quits', async () => {
    await startReady();
    await (await ui.step('General')).field('Name').type('web-1');
    await ui.press('C-c');
    expect(await ui.screenText()).toContain('Quit? Your input will be lost (y/N)');
    expect(await ui.screenText()).toMatchSnapshot();
    await ui.press('n');
    expect(ui.exited).toBeUndefined();
    expect(await ui.screenText()).not.toContain('Quit?');
    await ui.press('C-c');
    await ui.press('enter');
    expect(ui.exited).toBeUndefined();
    await ui.press('C-c', 'y');
    expect(await ui.waitForExit()).toBe(130);
  });

  it('restores the terminal when it quits: normal screen, cursor shown', async () => {
    await startReady();
    await ui.press('C-q');
    await ui.waitForExit();
    const output = ui.terminal.rawOutput;
    const leftAlternate = output.lastIndexOf('\x1b[?1049l');
    expect(output.indexOf('\x1b[?1049h')).toBeGreaterThanOrEqual(0);
    expect(leftAlternate).toBeGreaterThan(output.lastIndexOf('\x1b[?1049h'));
    expect(output.lastIndexOf('\x1b[?25h')).toBeGreaterThan(output.lastIndexOf('\x1b[?25l'));
  });

  it('restores the terminal on SIGTERM and exits with 143', async () => {
    await startReady();
    process.emit('SIGTERM');
    expect(await ui.waitForExit()).toBe(143);
    expect(ui.terminal.rawOutput).toContain('\x1b[?1049l');
  });

  it('restores the terminal first on a crash, then prints the error in one line on stderr', async () => {
    await startReady();
    // What node does with an exception nobody caught (jest keeps its own handler off this path).
    for (const listener of process.listeners('uncaughtException')) listener(new Error('boom in a timer'), 'uncaughtException');
    expect(await ui.waitForExit()).toBe(70);
    const output = ui.terminal.rawOutput;
    expect(output.lastIndexOf('\x1b[?1049l')).toBeGreaterThan(output.lastIndexOf('\x1b[?1049h'));
    expect(ui.stderr).toBe('pve-vm-tui: crashed: boom in a timer\npve-vm-tui: run with --log-file PATH for the details\n');
  });

  it('shows an error from a key handler in a dialog and keeps running', async () => {
    await startReady();
    const general = ui.shell.currentStep as FakeGeneralScreen;
    general.failNextReload = new Error('pools cannot be listed right now');
    await ui.press('C-r');
    expect(await ui.screenText()).toContain('pools cannot be listed right now');
    expect(await ui.screenText()).toContain('Your input is kept.');
    await ui.press('enter');
    expect(ui.shell.layers.top).toBeUndefined();
    expect(ui.exited).toBeUndefined();
  });

  it('shows the too-small notice at 79x24 instead of the form', async () => {
    await startReady({ cols: 79, rows: 24 });
    const text = await ui.screenText();
    expect(text).toContain('Terminal too small (need 80x24, have 79x24)');
    expect(text).not.toContain('General');
    expect(text).toMatchSnapshot();
  });

  it('redraws on resize: too small, then large again with the input kept', async () => {
    await startReady();
    await (await ui.step('General')).field('Name').type('web-1');
    await ui.resize(100, 20);
    expect(await ui.screenText()).toContain('have 100x20');
    await ui.press('tab');
    expect(ui.focusedName).toBe('Name');
    await ui.resize(120, 40);
    const lines = await ui.lines();
    expect(lines[1]).toMatch(/^┌─ General ─+┐$/);
    expect(lines[1]).toHaveLength(120);
    expect(lines[39]).toContain('Tab Next field');
    expect(lines.join('\n')).toContain('web-1');
  });

  it('honours NO_COLOR: no colour codes at all, focus still visible', async () => {
    await startReady({ env: { NO_COLOR: '1' } });
    await (await ui.step('General')).field('Name').type('web-1');
    await ui.press('f1', 'escape', 'C-r');
    loads.resolve('pools', ['prod']);
    await ui.idle();
    expect(colourCodes(ui.terminal.rawOutput)).toEqual([]);
    const lines = await ui.lines();
    const row = lines.findIndex((line) => line.includes('> Name'));
    const column = lines[row].indexOf('web-1');
    expect((await ui.terminal.cell(column, row)).inverse).toBe(true);
    const vmidRow = lines.findIndex((line) => line.includes('VM ID'));
    expect((await ui.terminal.cell(lines[vmidRow].indexOf('100'), vmidRow)).inverse).toBe(false);
  });

  it('uses colour without NO_COLOR', async () => {
    await startReady();
    expect(colourCodes(ui.terminal.rawOutput).length).toBeGreaterThan(0);
  });

  it('never draws a label cut short at 80x24', async () => {
    await startReady();
    const general = await ui.step('General');
    await general.field('Advanced: startup order').press('enter');
    const text = await ui.screenText();
    for (const label of ['Name', 'VM ID', 'Pool', 'Tags', 'Start at boot', 'Startup order']) expect(text).toContain(` ${label} `);
    expect(text).not.toContain('~');
  });

  it('asks y/N before leaving a step whose canLeave asks (Confirm), once per Ctrl-N', async () => {
    const confirm = new FakeConfirmScreen();
    ui = await UiDriver.start({ steps: [confirm, new FakeDoneScreen()] });
    await ui.press('C-n');
    expect(await ui.screenText()).toContain('Create VM 100 on pve1 now? (y/N)');
    await ui.press('f10');
    expect(confirm.questions).toBe(1);
    await ui.press('n');
    expect(ui.shell.currentStep.title).toBe('Confirm');
    expect(await ui.footer()).toContain('Not created: press Ctrl-N when ready.');
    await ui.press('C-n', 'y');
    expect(ui.shell.currentStep.title).toBe('Done');
    expect(confirm.questions).toBe(2);
  });

  it('restores the terminal when the first step fails to build, and reports the error to the caller', () => {
    const terminal = new FakeTerminal(80, 24);
    const container = new Container();
    container.bind(AppConfig).toConstantValue(testConfig());
    const broken = new FakeDoneScreen();
    broken.mount = () => {
      throw new Error('cannot build');
    };
    container.bind(WizardScreens).toConstantValue([broken]);
    const io = { env: { TERM: 'xterm-256color' }, stdin: terminal.input, stdout: terminal.output, stderr: terminal.output };
    expect(() => startInteractive(container, io)).toThrow('cannot build');
    expect(terminal.rawOutput.lastIndexOf('\x1b[?1049l')).toBeGreaterThan(terminal.rawOutput.lastIndexOf('\x1b[?1049h'));
    expect(process.listeners('SIGTERM')).toHaveLength(sigtermListeners);
    terminal.dispose();
    ui = undefined as unknown as UiDriver;
  });

  it('shows the placeholder step when no screens are registered', async () => {
    ui = await UiDriver.start({});
    const text = await ui.screenText();
    expect(text).toContain('Login 1/1');
    expect(text).toContain('step screens are not registered');
    await ui.press('C-q');
    expect(await ui.waitForExit()).toBe(130);
  });
});
