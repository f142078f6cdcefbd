// The model form's state lives here so it survives switching views; it resets when the dataset does.
import { defineStore } from 'pinia';
import { computed, ref, watch } from 'vue';
import { buildRunSpec, defaultForm, validateForm, type RunForm } from '../model/runForm';
import { useDatasetStore } from './datasets';
import { useErrorStore } from './errors';
import { useRunStore } from './runs';

export const useRunFormStore = defineStore('runForm', () => {
  const datasets = useDatasetStore();
  const form = ref<RunForm>(defaultForm(datasets.selected));
  const submitted = ref(false);

  const errors = computed(() => validateForm(form.value));
  const valid = computed(() => Object.keys(errors.value).length === 0);

  watch(
    () => datasets.selected?.id,
    () => {
      form.value = defaultForm(datasets.selected);
      submitted.value = false;
    },
  );

  // The engine's refusal was about this form: any change may fix it, so the old message goes.
  watch(form, () => useErrorStore().resolve('train'), { deep: true });

  /** The new target leaves the features; the old one rejoins them unless it is excluded by default. */
  function setTarget(target: string): void {
    const previous = form.value.target;
    const features = form.value.features.filter((f) => f !== target);
    const previousColumn = datasets.selected?.columns.find((c) => c.name === previous);
    if (previousColumn && !previousColumn.excludedByDefault && previous !== target && !features.includes(previous)) {
      features.push(previous);
    }
    form.value = { ...form.value, target, features };
  }

  async function submit(): Promise<string | null> {
    submitted.value = true;
    const dataset = datasets.selected;
    if (!valid.value || !dataset) return null;
    return useRunStore().start(buildRunSpec(form.value, dataset.id));
  }

  return { form, errors, valid, submitted, setTarget, submit };
});
