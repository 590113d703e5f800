import { textBox, type Placement } from './placement';
import { fit, textWidth, truncate } from './text';
import { Widget, type WidgetContext } from './widget';

/** What the header says. */
export interface HeaderInfo {
  /** The app ('pve-vm-tui'). */
  readonly title: string;
  /** Cluster name or host, once known. */
  readonly cluster?: string;
  /** 'root@pam', once logged in. */
  readonly user?: string;
  /** The current step's name ('General'). */
  readonly step?: string;
  /** 1-based position of the step among the counted steps. */
  readonly stepNumber?: number;
  /** How many steps are counted. */
  readonly stepCount?: number;
}

/** The step indicator text: 'General 2/9', or just 'Submit' for an uncounted step. */
export function stepIndicator(info: HeaderInfo): string {
  if (!info.step) return '';
  return info.stepNumber && info.stepCount ? `${info.step} ${info.stepNumber}/${info.stepCount}` : info.step;
}

/**
 * The top line: app, cluster and user on the left, the step indicator
 * ('General 2/9') on the right. The cluster and user are cut before the
 * step indicator is.
 */
export class Header extends Widget {
  private info: HeaderInfo;

  constructor(ctx: WidgetContext, placement: Placement, info: HeaderInfo) {
    super(ctx, textBox({ ...placement, height: 1 }));
    this.info = info;
  }

  /** The current info. */
  get current(): HeaderInfo {
    return this.info;
  }

  /** Change some of what the header says. */
  update(change: Partial<HeaderInfo>): void {
    this.info = { ...this.info, ...change };
    this.changed();
  }

  protected draw(): void {
    const theme = this.ctx.theme;
    const width = this.innerWidth;
    const step = stepIndicator(this.info);
    const right = step ? ` ${step} ` : '';
    const parts = [this.info.title, this.info.cluster, this.info.user].filter((part): part is string => Boolean(part));
    const left = truncate(` ${parts.join(' | ')}`, Math.max(0, width - textWidth(right) - 1));
    const gap = Math.max(0, width - textWidth(left) - textWidth(right));
    this.element.setContent(theme.paint('header', fit(left + ' '.repeat(gap), width - textWidth(right))) + theme.paint('headerStep', right));
  }
}
