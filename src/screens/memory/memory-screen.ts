/**
 * The Memory step: memory, the minimum the balloon may shrink it to (it
 * follows memory until the user sets it; clearing it makes it follow
 * again), the balloon device, and KSM.
 */
import type { VmConfig } from '../../workflow/vm-config.codec';
import { resetField, setBallooning, setKsm, setMemory, setMinMemory } from '../../workflow/wizard-actions';
import type { FormLayout, FormNote } from '../../widgets/form-layout';
import { WizardStep } from '../wizard-step';

/** The Memory step. */
export class MemoryScreen extends WizardStep {
  readonly id = 'memory';
  readonly title = 'Memory';
  readonly step = 'memory';
  protected override readonly needs = 'cluster';
  private hint: FormNote | undefined;

  protected buildFields(form: FormLayout): void {
    const noBalloon = (c: VmConfig): boolean => !c.memory.ballooning;
    this.bindNumber(form, 'memory.memoryMiB', { label: 'Memory (MiB)' }, (c) => c.memory.memoryMiB, (value) => setMemory(value ?? 0));
    this.bindNumber(
      form,
      'memory.minMemoryMiB',
      { label: 'Minimum (MiB)', onEmpty: () => resetField('memory', 'minMemoryMiB'), disabled: noBalloon },
      (c) => c.memory.minMemoryMiB,
      (value) => setMinMemory(value ?? 0),
    );
    this.bindCheckbox(form, 'memory.ballooning', { label: 'Ballooning', text: 'balloon device (memory can be given back)' }, (c) => c.memory.ballooning, setBallooning);
    this.bindCheckbox(form, 'memory.ksm', { label: 'KSM', text: 'allow kernel same-page merging' }, (c) => c.memory.ksm, setKsm);
    this.hint = form.note('');
  }

  override unmount(): void {
    this.hint = undefined;
    super.unmount();
  }

  /** Say whether the minimum follows memory (it does until set; clearing it makes it follow again). */
  protected override afterSync(): void {
    const follows = !this.store.isUserSet('memory.minMemoryMiB');
    const ballooning = this.store.config.memory.ballooning;
    this.hint?.setText(
      !ballooning
        ? 'Without the balloon device the VM always has exactly its memory.'
        : follows
          ? 'The minimum follows Memory until you change it: a fixed size that keeps the balloon device.'
          : 'Below Memory, the host may take memory back down to the minimum. Clear the minimum to follow Memory again.',
    );
  }
}
