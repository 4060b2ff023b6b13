// ITK3 acknowledgements (infrastructure and business responses) for Update Record: build and parse.
export { type AcknowledgedMessage, buildItkAck, type ItkAckInput, itkResponseCode, UnknownItkResponseCodeError } from './build-itk-ack';
export { type ItkAck, ItkAckParseError, parseItkAck, tryParseItkAck } from './parse-itk-ack';
