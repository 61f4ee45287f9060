export const testIds = {
  appConfig: {
    container: 'data-testid ac-container',
    submit: 'data-testid ac-submit-form',
  },
  overview: {
    container: 'data-testid bw-overview',
  },
  ebpf: {
    container: 'data-testid bw-ebpf',
  },
};
