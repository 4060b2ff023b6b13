// ITK3 acknowledgements (infrastructure and business responses) for Update Record: build and parse.
export { buildItkAck, itkResponseCode, UnknownItkResponseCodeError, type ItkAckInput, type AcknowledgedMessage } from './build-itk-ack';
export { parseItkAck, tryParseItkAck, ItkAckParseError, type ItkAck } from './parse-itk-ack';
