// The model as an ONNX graph (opset 13): raw inputs → (x − mean) / std → Dense layers (MatMul,
// Add, activation) → for classifiers, class probabilities. Standardization is inside the graph,
// so a caller only fills missing cells and one-hot encodes (preprocessing.json, steps 1–2).
import type { ExportedModel } from './exportedModel';
import { loadProtobuf } from './lazyLibraries';
import { ONNX_PROTO } from './onnxSchema';

export const ONNX_OPSET = 13;
const IR_VERSION = 7; // the IR version that goes with opset 13
const FLOAT = 1;

const ACTIVATION_OPS: Record<string, string | null> = { linear: null, relu: 'Relu', tanh: 'Tanh', sigmoid: 'Sigmoid', elu: 'Elu', selu: 'Selu' };

interface Node {
  op_type: string;
  input: string[];
  output: string[];
  name: string;
  attribute?: { name: string; type: number; i?: number }[];
}

function tensor(name: string, dims: number[], values: ArrayLike<number>): object {
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i]!, true); // ONNX raw_data is little-endian
  return { name, dims, data_type: FLOAT, raw_data: bytes };
}

function valueInfo(name: string, width: number, doc: string): object {
  return { name, doc_string: doc, type: { tensor_type: { elem_type: FLOAT, shape: { dim: [{ dim_param: 'rows' }, { dim_value: width }] } } } };
}

export async function onnxModelBytes(m: ExportedModel, producerVersion: string): Promise<Uint8Array> {
  const protobuf = await loadProtobuf();
  const nodes: Node[] = [];
  const initializers: object[] = [tensor('mean', [m.mean.length], m.mean), tensor('std', [m.std.length], m.std)];
  const node = (op: string, input: string[], output: string, attribute?: Node['attribute']) => {
    nodes.push({ op_type: op, input, output: [output], name: `${op.toLowerCase()}_${nodes.length}`, ...(attribute ? { attribute } : {}) });
    return output;
  };
  let h = node('Sub', ['features', 'mean'], 'centered');
  h = node('Div', [h, 'std'], 'standardized');
  for (const d of m.layers) {
    initializers.push(tensor(`${d.name}/kernel`, [d.inputs, d.units], d.kernel), tensor(`${d.name}/bias`, [d.units], d.bias));
    h = node('MatMul', [h, `${d.name}/kernel`], `${d.name}/matmul`);
    h = node('Add', [h, `${d.name}/bias`], `${d.name}/linear`);
    const op = ACTIVATION_OPS[d.activation];
    if (op) h = node(op, [h], `${d.name}/${d.activation}`);
  }
  const outputs: object[] = [];
  if (m.head === 'none') {
    node('Identity', [h], 'prediction');
    outputs.push(valueInfo('prediction', 1, `predicted ${m.task === 'regression' ? 'value' : 'logit'}`));
  } else if (m.head === 'sigmoid') {
    initializers.push(tensor('one', [], [1]));
    const p = node('Sigmoid', [h], 'probability');
    const q = node('Sub', ['one', p], 'probability_negative');
    node('Concat', [q, p], 'probabilities', [{ name: 'axis', type: 2, i: 1 }]);
    outputs.push(valueInfo('probability', 1, `P(${m.classes![1]})`), valueInfo('probabilities', 2, `P per class: ${m.classes!.join(', ')}`));
  } else {
    node('Softmax', [h], 'probabilities', [{ name: 'axis', type: 2, i: 1 }]);
    outputs.push(valueInfo('probabilities', m.classes!.length, `P per class: ${m.classes!.join(', ')}`));
  }
  const root = protobuf.parse(ONNX_PROTO, { keepCase: true }).root;
  const Model = root.lookupType('onnx.ModelProto');
  const message = Model.fromObject({
    ir_version: IR_VERSION,
    producer_name: 'Regula',
    producer_version: producerVersion,
    model_version: 1,
    doc_string: 'Exported by Regula. Input "features": raw inputs in the order of preprocessing.json "inputs" (missing cells filled, categories one-hot).',
    opset_import: [{ domain: '', version: ONNX_OPSET }],
    metadata_props: [
      { key: 'inputs', value: JSON.stringify(m.inputNames) },
      ...(m.classes ? [{ key: 'classes', value: JSON.stringify(m.classes) }] : []),
    ],
    graph: {
      name: 'regula_model',
      node: nodes,
      initializer: initializers,
      input: [valueInfo('features', m.inputNames.length, 'raw inputs, see preprocessing.json')],
      output: outputs,
    },
  });
  return Model.encode(message).finish();
}
