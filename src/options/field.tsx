// The labelled text field now lives in ui/ (the popup's mapping editor uses it too).
export { TextField, type TextFieldProps } from '../ui/text-field';
