/**
 * The System step: machine type, firmware, the EFI disk (with OVMF) and its
 * storage, pre-enrolled Secure Boot keys (off for NixOS, with the reason),
 * the SCSI controller and the QEMU guest agent.
 */
import { SCSI_CONTROLLER_LABELS } from '../../workflow/summary';
import type { VmConfig } from '../../workflow/vm-config.codec';
import { setAgent, setBios, setEfiDisk, setEfiStorage, setMachine, setPreEnrolledKeys, setScsiController } from '../../workflow/wizard-actions';
import type { FormLayout } from '../../widgets/form-layout';
import { storageItems } from '../storage-items';
import { WizardStep } from '../wizard-step';

/** The System step. */
export class SystemScreen extends WizardStep {
  readonly id = 'system';
  readonly title = 'System';
  readonly step = 'system';

  protected buildFields(form: FormLayout): void {
    const noEfi = (c: VmConfig): boolean => c.system.bios !== 'ovmf';
    const noEfiDisk = (c: VmConfig): boolean => c.system.bios !== 'ovmf' || !c.system.efiDisk;
    this.bindRadio<'q35' | 'pc'>(
      form,
      'system.machine',
      { label: 'Machine', options: [{ value: 'q35', label: 'q35' }, { value: 'pc', label: 'i440fx (Proxmox default)' }] },
      (c) => c.system.machine,
      setMachine,
    );
    this.bindRadio<'ovmf' | 'seabios'>(
      form,
      'system.bios',
      { label: 'BIOS', options: [{ value: 'ovmf', label: 'OVMF (UEFI)' }, { value: 'seabios', label: 'SeaBIOS' }] },
      (c) => c.system.bios,
      setBios,
    );
    this.bindCheckbox(form, 'system.efiDisk', { label: 'EFI disk', text: 'add a disk for the UEFI variables' }, (c) => c.system.efiDisk, setEfiDisk, noEfi);
    this.bindDropdown(form, 'system.efiStorage', { label: 'EFI storage', placeholder: 'choose a storage' }, (s) => storageItems(s, 'images'), (c) => c.system.efiStorage, setEfiStorage, noEfiDisk);
    this.bindCheckbox(
      form,
      'system.preEnrolledKeys',
      { label: 'Pre-enroll keys', text: "Microsoft's Secure Boot keys" },
      (c) => c.system.preEnrolledKeys,
      setPreEnrolledKeys,
      noEfiDisk,
    );
    const controllers = Object.entries(SCSI_CONTROLLER_LABELS).map(([value, label]) => ({ value, label, detail: value }));
    this.bindDropdown(form, 'system.scsihw', { label: 'SCSI controller' }, () => controllers, (c) => c.system.scsihw, setScsiController);
    this.bindCheckbox(form, 'system.agent', { label: 'QEMU agent', text: 'the guest runs qemu-guest-agent' }, (c) => c.system.agent, setAgent);
  }
}
